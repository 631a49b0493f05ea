namespace Harn.Checker;

/// <summary>
/// Names the runtime provides as callable builtins (core builtins, method-style builtins, stdlib
/// helpers and runtime-internal `__` names), so calls to them are never reported as undefined.
/// The list errs on the side of including a name: a missing builtin here would reject a valid program.
/// </summary>
internal static class KnownBuiltins
{
    private static readonly HashSet<string> NameSet = new(
        """
        Err Ok __assert_dict __assert_interface __assert_list __assert_schema __dict_rest
        __host_fire_session_hook __make_struct __range__ __register_persona __register_step __select_list
        __select_timeout __select_try __signal_interrupted __signal_off_interrupt __signal_on_interrupt
        __signal_raise abs acos action_graph action_graph_batches action_graph_flow
        action_graph_render action_graph_run add_assistant add_message add_user addr_of advance_time agent
        agent_config agent_inject_feedback agent_loop agent_name agent_session_ancestry agent_session_close
        agent_session_compact agent_session_current_id agent_session_exists agent_session_fork
        agent_session_fork_at agent_session_inject agent_session_length agent_session_open agent_session_reset
        agent_session_snapshot agent_session_trim agent_state_delete agent_state_handoff
        agent_state_handoff_key agent_state_init agent_state_list agent_state_read agent_state_resume
        agent_state_write agent_subscribe agent_trace agent_trace_summary all any append_file append_message
        arch argsort artifact artifact_apply_intent artifact_command_result artifact_context artifact_derive
        artifact_diff artifact_diff_review artifact_editor_selection artifact_git_diff artifact_patch_proposal
        artifact_review_decision artifact_select artifact_test_result artifact_verification_bundle
        artifact_verification_result artifact_workspace_file artifact_workspace_snapshot asin ask_user
        assemble_context assert assert_eq assert_host_call_count assert_host_called assert_ne
        assert_no_host_calls asset_root atan atan2 atomic atomic_add atomic_cas atomic_get atomic_set avg
        await base32_decode base32_encode base64_decode base64_encode base64url_decode base64url_encode
        basename blake3 body bold bool brotli_decode brotli_encode builtin_names bytes bytes_concat bytes_eq
        bytes_from_base64 bytes_from_hex bytes_from_string bytes_len bytes_slice bytes_to_base64 bytes_to_hex
        bytes_to_string bytes_to_string_lossy call_closure_pub camel_to_kebab camel_to_snake cancel
        cancel_graceful capture_stderr_start capture_stderr_take ceil chain_of_draft channel channel_select
        chebyshev_distance checkpoint checkpoint_clear checkpoint_delete checkpoint_exists checkpoint_get
        checkpoint_list checkpoint_stage checkpoint_stage_retry child_vm chunk circuit_breaker circuit_check
        circuit_record_failure circuit_record_success circuit_reset clamp clear_host_mocks clear_persona_hooks
        clear_session_hooks clear_tool_hooks clone_async_builtin_child_vm close_agent close_channel closure
        color command_llm_risk_scan command_policy command_policy_pop command_policy_push command_result_scan
        command_risk_scan compile_named compute_content_hash condition connector_call constant_time_eq consume
        contains context context_attach context_pack_manifest context_pack_manifest_parse
        context_pack_suggestions context_render continue_as_new cookie_delete cookie_parse cookie_round_trip
        cookie_serialize cookie_sign cookie_verify copy_file correlation cos cosine_similarity covariance
        csv_parse csv_stringify custom cwd daemon_resume daemon_snapshot daemon_spawn daemon_stop
        daemon_trigger date_add date_diff date_format date_from_components date_in_zone date_iso date_now
        date_now_iso date_parse date_to_zone dedup_by deg_to_rad delete_file detect_compile_error dict dim
        dirname display dot doubled_prompt dual_control duration_days duration_hours duration_minutes
        duration_ms duration_seconds duration_to_human duration_to_seconds ed25519_keypair ed25519_sign
        ed25519_verify egress_policy elapsed ema enable_tracing ends_with entries enumerate env env_or eprint
        eprintln error_category escalate_to estimate_tokens euclidean_distance eval_metric eval_metrics
        eval_pack_manifest eval_pack_run eval_suite_manifest eval_suite_run event_log_emit exec exec_at
        execute execute_op_sync execute_with_timeout execution_root exit exp ext extname extract_paths
        file_exists filter filter_nil filter_test_cells find flat_map flatten float float_to_string floor
        flow_evidence_atom flow_evidence_citation flow_evidence_metadata flow_evidence_transcript
        flow_invariant_allow flow_invariant_block flow_invariant_confidence flow_invariant_is_blocking
        flow_invariant_kind flow_invariant_require_approval flow_invariant_warn flow_remediation
        flow_with_confidence flow_with_evidence flow_with_remediation fn format format_runtime_error
        format_test_errors friction_clear friction_eval_fixture friction_event friction_events friction_record
        get_typed_result get_typed_value glob group_by gzip_decode gzip_encode handler_context handoff
        handoff_artifact handoff_context has has_got_want hash_value hex_decode hex_encode hitl_pending
        hmac_sha256 hmac_sha256_base64 home_dir host_call host_calls host_calls_for host_capabilities host_has
        host_mock host_mock_calls host_mock_clear host_tool_available host_tool_call host_tool_list
        host_tool_lookup hostname http_delete http_download http_get http_header http_mock http_mock_calls
        http_mock_clear http_patch http_post http_put http_request http_response http_response_bytes
        http_response_json http_response_text http_server http_server_after http_server_before
        http_server_on_shutdown http_server_readiness http_server_ready http_server_request http_server_route
        http_server_security_headers http_server_set_ready http_server_shutdown http_server_test
        http_server_tls_edge http_server_tls_pem http_server_tls_plain http_server_tls_self_signed_dev
        http_session http_session_close http_session_request http_stream_close http_stream_info
        http_stream_open http_stream_read int int_to_string interaction_ask interaction_ask_with_kind
        invalidate_facts inverted_system is_absolute is_cancelled is_err is_infinite is_nan is_ok
        is_rate_limited is_same is_stdin_tty is_stdout_tty is_timeout is_type iter join jq jq_first
        json_extract json_parse json_pointer json_pointer_delete json_pointer_set json_stringify
        json_stringify_pretty json_validate jwt_sign kebab_to_camel kebab_to_snake keys kinds kmeans
        latest_string_user_message len lerp list list_agents list_dir list_dirs list_files
        llm_available_providers llm_budget llm_budget_remaining llm_call llm_call_count llm_call_safe
        llm_call_structured llm_call_structured_result llm_call_structured_safe llm_calls llm_completion
        llm_config llm_cost llm_healthcheck llm_infer_provider llm_info llm_known_models llm_mock
        llm_mock_calls llm_mock_clear llm_mock_pop_scope llm_mock_push_scope llm_model_info llm_model_tier llm_pick_model llm_provider_catalog
        llm_providers llm_qc_default_model llm_rate_limit llm_resolve_model llm_session_cost llm_stream
        llm_usage ln load_module_exports load_run_tree load_skill log log10 log2 log_json log_set_level
        lowercase lowercase_first mailbox_close mailbox_lookup mailbox_metrics mailbox_open mailbox_receive
        mailbox_send mailbox_try_receive main manhattan_distance map map_range map_values max mcp_call
        mcp_connect mcp_disconnect mcp_ensure_active mcp_get_prompt mcp_list_prompts
        mcp_list_resource_templates mcp_list_resources mcp_list_tools mcp_prompt mcp_read_resource
        mcp_registry_status mcp_release mcp_resource mcp_resource_template mcp_serve mcp_server_card
        mcp_server_info mcp_tools md5 mean median memory_forget memory_recall memory_store memory_summarize
        merge metadata_entries metadata_get metadata_local_namespace metadata_namespace
        metadata_refresh_hashes metadata_resolve metadata_save metadata_set metadata_stale metadata_status
        metrics_inc microcompact min minmax_scale mkdir mock_host_error mock_host_response mock_host_result
        mock_stdin mock_time mock_tty monotonic_ms month_name move_file moving_avg multipart_field_bytes
        multipart_field_text multipart_form_data multipart_parse next normal_cdf normal_pdf normal_quantile
        normalize normalize_inbound notify_file_edited now_ms ocr off_interrupt omit on_finish_handoff_to
        on_interrupt output pair parallel parallel_race parse_cells parse_float_or parse_int_or
        parse_junit_xml partition pascal_to_snake path_basename path_extension path_is_absolute
        path_is_relative path_join path_normalize path_parent path_parts path_relative_to path_segments
        path_stem path_to_posix path_with_extension path_with_stem path_workspace_info
        path_workspace_normalize payload_schema pending_scope_interrupt percentile pg_close pg_connect
        pg_execute pg_mock_calls pg_mock_pool pg_pool pg_query pg_query_one pg_transaction pick pid
        pipeline_on_finish platform poll_tick pow prepend_message pretty print println process_exec
        process_exec_with_timeout progress project_catalog project_deep_scan project_deep_scan_status
        project_enrich project_fingerprint project_inventory project_requires_refresh project_root
        project_root_package project_scan project_scan_paths project_scan_tree project_stale
        project_stale_dirs prompt_compose prompt_library prompt_library_hotspots prompt_library_inject
        prompt_library_inject_cluster prompt_library_load prompt_library_payload prompt_library_review_queue
        prompt_library_suggest prompt_order_permutation prompt_user provider_capabilities
        provider_capabilities_clear provider_capabilities_install provider_id push rad_to_deg random
        random_choice random_int random_shuffle range read_file read_file_bytes read_file_result read_line
        read_lines read_stdin receive record_run_metadata record_step_llm_usage reduce regex_captures
        regex_match regex_replace regex_replace_all regex_split regex_test register_checkpoint_hook
        register_persona_hook register_reminder_provider register_session_hook register_step_hook
        register_tool_hook register_vm_hook register_vm_stdlib render render_always_on_catalog render_prompt
        render_string replace replace_message request_approval resume_agent reverse review_rubric
        review_rubrics rng_seed round run_record run_record_diff run_record_eval run_record_eval_suite
        run_record_fixture run_record_load run_record_save runtime_approved_plan runtime_context
        runtime_context_clear runtime_context_get runtime_context_set runtime_context_values runtime_dry_run
        runtime_paths runtime_pipeline_input runtime_task safe_parse scan_directory schema_check schema_expect
        schema_extend schema_from_json_schema schema_from_openapi_schema schema_is schema_object schema_of
        schema_omit schema_parse schema_partial schema_pick schema_string schema_to_json_schema
        schema_to_openapi_schema schema_union scope_interrupts_clean secret_get secret_scan section select
        select_artifacts_adaptive self_review send send_input session_cookie session_from_cookies session_sign
        session_verify set set_add set_bridge set_color_mode set_config set_contains set_denied_builtins
        set_difference set_global set_intersect set_is_disjoint set_is_subset set_is_superset set_remove
        set_source_dir set_source_info set_symmetric_difference set_union sha256 sha3_256 sha3_512 sha512
        shared_cas shared_cell shared_get shared_map shared_map_cas shared_map_delete shared_map_entries
        shared_map_get shared_map_set shared_map_snapshot shared_metrics shared_set shared_snapshot shell
        shell_at sign signed_url sin skill_count skill_define skill_describe skill_find skill_list
        skill_registry skill_remove skill_render skill_select skills_catalog_entries sleep sleep_ms
        snake_to_camel snake_to_kebab snake_to_pascal softmax sort sort_by source_dir spawn_agent split sqrt
        sse_close sse_connect sse_event sse_mock sse_receive sse_server_cancel sse_server_cancelled
        sse_server_close sse_server_disconnected sse_server_flush sse_server_heartbeat
        sse_server_mock_disconnect sse_server_mock_receive sse_server_response sse_server_send
        sse_server_status starts_with stat stddev stem store_clear store_delete store_get store_list
        store_refresh store_save store_set store_stale str_pad string sub_agent_run substring sum
        supervisor_events supervisor_metrics supervisor_start supervisor_state supervisor_stop
        sync_gate_acquire sync_metrics sync_mutex_acquire sync_release sync_rwlock_acquire
        sync_semaphore_acquire tan tar_create tar_extract task_current task_run temp_dir throw_error timer_end
        timer_start timestamp title_case to_float to_int to_list to_set to_string toml_parse toml_stringify
        tool_bind tool_count tool_def tool_define tool_describe tool_find tool_format_result tool_list
        tool_parse_call tool_prompt tool_ref tool_registry tool_remove tool_schema tool_select
        tool_surface_validate tool_synthesis_cache tool_synthesis_clear tool_synthesize top_k trace_end
        trace_id trace_spans trace_start trace_summary transcript transcript_abandon transcript_add_asset
        transcript_archive transcript_assets transcript_auto_compact transcript_compact transcript_events
        transcript_events_by_kind transcript_export transcript_fork transcript_from_messages transcript_id
        transcript_import transcript_messages transcript_render_full transcript_render_visible
        transcript_reset transcript_resume transcript_stats transcript_summarize transcript_summary
        transport_mock_calls transport_mock_clear trigger_fire trigger_inspect_action_graph
        trigger_inspect_dlq trigger_inspect_lifecycle trigger_list trigger_register trigger_replay
        trigger_test_harness trim truncate_head_tail trust_graph_policy_for trust_graph_query
        trust_graph_record trust_graph_verify_chain trust_query trust_record try_receive type_of
        unicode_graphemes unicode_normalize unique unmock_stdin unmock_time unmock_tty unreachable unwrap
        unwrap_err unwrap_or uppercase uppercase_first url_decode url_encode username uuid uuid_nil uuid_parse
        uuid_v5 uuid_v7 values variance vector_norm vector_normalize verify_signed_url vision_ocr wait_agent
        wait_for waitpoint_wait walk_dir websocket_accept websocket_close websocket_connect websocket_mock
        waitpoint_cancel waitpoint_complete waitpoint_create waitpoint_get
        websocket_receive websocket_route websocket_send websocket_server websocket_server_close weekday_name
        weighted_choice weighted_mean window with_host_mocks with_llm_mocks with_mocks with_rate_limit
        worker_action_items worker_provenance worker_request worker_research_questions worker_result worker_trigger
        worker_verification_steps worker_workflow_stages workflow workflow_clone workflow_commit
        workflow_compact workflow_continue workflow_diff workflow_execute workflow_graph workflow_insert_node
        workflow_inspect workflow_policy_report workflow_replace_node workflow_reset workflow_result_persist
        workflow_result_run workflow_result_text workflow_rewire workflow_session workflow_session_archive
        workflow_session_compact workflow_session_fork workflow_session_new workflow_session_persist
        workflow_session_reset workflow_session_restore workflow_session_resume workflow_set_auto_compact
        workflow_set_context_policy workflow_set_model_policy workflow_set_output_visibility workflow_validate
        workspace_info workspace_normalize worktree_create worktree_default_path worktree_diff worktree_remove
        worktree_shell worktree_status write_file write_file_bytes x25519_agree x25519_keypair yaml_parse
        yaml_stringify yield_now zip zip_create zip_extract zscore zstd_decode zstd_encode
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    public static IEnumerable<string> Names => NameSet;

    public static bool Contains(string name) => NameSet.Contains(name);
}
