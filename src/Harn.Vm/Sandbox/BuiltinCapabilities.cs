namespace Harn.Sandbox;

/// <summary>
/// The one table of what each host builtin can reach. The sandbox denies by this table, so a
/// builtin that gains a side effect must be listed here; any name not listed is pure.
/// </summary>
public static class BuiltinCapabilities
{
    private const Capability Read = Capability.FileRead;
    private const Capability Write = Capability.FileWrite;
    private const Capability ReadWrite = Capability.FileRead | Capability.FileWrite;

    private static readonly Dictionary<string, Capability> Table = new(StringComparer.Ordinal)
    {
        // Files and directories.
        ["read_file"] = Read,
        ["read_file_result"] = Read,
        ["read_file_bytes"] = Read,
        ["read_lines"] = Read,
        ["file_exists"] = Read,
        ["list_dir"] = Read,
        ["stat"] = Read,
        ["glob"] = Read,
        ["walk_dir"] = Read,
        ["scan_directory"] = Read,
        ["render"] = Read,
        ["render_prompt"] = Read,
        ["compute_content_hash"] = Read,
        ["metadata_get"] = Read,
        ["metadata_resolve"] = Read,
        ["metadata_entries"] = Read,
        ["metadata_status"] = Read,
        ["metadata_stale"] = Read,
        ["multipart_form_data"] = Read,
        ["write_file"] = Write,
        ["write_file_bytes"] = Write,
        ["append_file"] = Write,
        ["delete_file"] = Write,
        ["mkdir"] = Write,
        ["copy_file"] = ReadWrite,
        ["move_file"] = ReadWrite,
        ["tar_create"] = ReadWrite,
        ["tar_extract"] = ReadWrite,
        ["zip_create"] = ReadWrite,
        ["zip_extract"] = ReadWrite,
        ["metadata_set"] = ReadWrite,
        ["metadata_save"] = ReadWrite,
        ["metadata_refresh_hashes"] = ReadWrite,
        ["invalidate_facts"] = ReadWrite,
        ["store_get"] = ReadWrite,
        ["store_set"] = ReadWrite,
        ["store_delete"] = ReadWrite,
        ["store_list"] = ReadWrite,
        ["store_clear"] = ReadWrite,
        ["store_save"] = ReadWrite,
        ["checkpoint"] = ReadWrite,
        ["checkpoint_get"] = ReadWrite,
        ["checkpoint_exists"] = ReadWrite,
        ["checkpoint_delete"] = ReadWrite,
        ["checkpoint_clear"] = ReadWrite,
        ["checkpoint_list"] = ReadWrite,

        // Processes.
        ["exec"] = Capability.Process,
        ["exec_at"] = Capability.Process,
        ["shell"] = Capability.Process,
        ["shell_at"] = Capability.Process,
        ["host_call"] = Capability.Process,

        // Network.
        ["http_get"] = Capability.Network,
        ["http_delete"] = Capability.Network,
        ["http_post"] = Capability.Network,
        ["http_put"] = Capability.Network,
        ["http_patch"] = Capability.Network,
        ["http_request"] = Capability.Network,
        ["http_session_request"] = Capability.Network,
        ["http_stream_open"] = Capability.Network,
        ["http_stream_read"] = Capability.Network,
        ["http_download"] = Capability.Network | Capability.FileWrite,
        ["http_server"] = Capability.Network,
        ["sse_connect"] = Capability.Network,
        ["sse_receive"] = Capability.Network,
        ["websocket_connect"] = Capability.Network,
        ["websocket_send"] = Capability.Network,
        ["websocket_receive"] = Capability.Network,
        ["mcp_connect"] = Capability.Process | Capability.Network,
        ["mcp_ensure_active"] = Capability.Process | Capability.Network,
        ["mcp_server_card"] = Read,
        ["websocket_server"] = Capability.Network,
        ["websocket_accept"] = Capability.Network,
        ["websocket_route"] = Capability.Network,
        ["llm_call"] = Capability.Network,
        ["llm_call_safe"] = Capability.Network,
        ["llm_call_structured"] = Capability.Network,
        ["llm_call_structured_safe"] = Capability.Network,
        ["llm_call_structured_result"] = Capability.Network,
        ["llm_completion"] = Capability.Network,
        ["llm_stream"] = Capability.Network,
        ["llm_healthcheck"] = Capability.Network,
        ["agent_loop"] = Capability.Network,
        ["sub_agent_run"] = Capability.Network | Write,
        ["close_agent"] = Write,
        ["worker_trigger"] = Capability.Network | Write,
        ["load_skill"] = Read,
        ["skill_render"] = Read,

        // Workflows and run records: runs ask the model and may persist their record.
        ["workflow_execute"] = Capability.Network | Capability.FileWrite | Capability.Process,
        ["run_record_save"] = Write,
        ["run_record_load"] = Read,
        ["eval_suite_run"] = Read,
        ["eval_pack_run"] = Read,
        ["spawn_agent"] = Capability.Network | Capability.FileWrite | Capability.Process,
        ["wait_agent"] = Capability.Network | Capability.FileWrite | Capability.Process,
        ["send_input"] = Capability.Network | Capability.FileWrite | Capability.Process,
        ["resume_agent"] = ReadWrite | Capability.Network | Capability.Process,
        ["daemon_spawn"] = Capability.Network | Capability.FileWrite,
        ["daemon_trigger"] = Capability.Network | Capability.FileWrite,
        ["daemon_stop"] = Capability.FileWrite,
        ["daemon_resume"] = Capability.Network | ReadWrite,

        // Environment and host identity.
        ["env"] = Capability.Environment,
        ["env_or"] = Capability.Environment,
        ["username"] = Capability.Environment,
        ["hostname"] = Capability.Environment,
        ["home_dir"] = Capability.Environment,
    };

    /// <summary>What <paramref name="builtin"/> can reach; <see cref="Capability.None"/> for pure and unknown names.</summary>
    public static Capability Of(string builtin) => Table.GetValueOrDefault(builtin);

    /// <summary>Every builtin listed with a capability.</summary>
    public static IEnumerable<string> Names => Table.Keys;
}
