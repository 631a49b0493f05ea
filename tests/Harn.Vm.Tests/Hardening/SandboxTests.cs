using System.Text;
using Harn.Hosting;
using Harn.Runtime;
using Harn.Sandbox;
using Harn.Stdlib;
using Xunit;

namespace Harn.Vm.Tests.Hardening;

public sealed class SandboxTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("harn-sandbox");
    private readonly DirectoryInfo _outside = Directory.CreateTempSubdirectory("harn-outside");

    public SandboxTests()
    {
        File.WriteAllText(Path.Combine(_root.FullName, "inside.txt"), "inside");
        File.WriteAllText(Path.Combine(_outside.FullName, "secret.txt"), "secret");
    }

    public void Dispose()
    {
        _root.Delete(recursive: true);
        _outside.Delete(recursive: true);
    }

    private static string Run(string source, SandboxPolicy policy, string? path = null)
    {
        var output = new StringBuilder();
        HarnExecution.Run(HarnScript.Compile(source, path), new HarnRunOptions { Output = (_, text) => output.Append(text), Sandbox = policy });
        return output.ToString();
    }

    private static string Quote(string path) => "\"" + path.Replace("\\", "\\\\", StringComparison.Ordinal) + "\"";

    private static string Denied(string builtin, string rule) =>
        $"Error [permission_denied]: builtin '{builtin}' is not allowed in sandbox mode (rule: {rule})\n";

    [Fact]
    public void Deny_list_refuses_the_named_builtin_with_a_catchable_permission_error()
    {
        var output = Run("try { read_file(\"x\") } catch e { println(e)\n println(error_category(e)) }\nprintln(len(\"ok\"))\n", new SandboxPolicy(deniedBuiltins: ["read_file"]));
        Assert.Equal(Denied("read_file", "DenyBuiltin") + "permission_denied\n2\n", output);
    }

    [Fact]
    public void Uncaught_denial_reaches_the_host_with_its_category_and_position()
    {
        var error = Assert.Throws<HarnRuntimeException>(() => Run("println(1)\nexec(\"echo\", \"hi\")\n", new SandboxPolicy(deniedCapabilities: Capability.Process)));
        Assert.Equal(ErrorKind.Categorized, error.Kind);
        Assert.Equal(SandboxErrors.Category, error.Category);
        Assert.Equal("builtin 'exec' is not allowed in sandbox mode (rule: NoProcess)", error.Detail);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Denial_happens_before_any_side_effect()
    {
        var target = Path.Combine(_root.FullName, "written.txt");
        var output = Run($"try {{ write_file({Quote(target)}, \"x\") }} catch e {{ println(e) }}\n", new SandboxPolicy(deniedCapabilities: Capability.FileWrite));
        Assert.Equal(Denied("write_file", "NoFileSystem"), output);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void Allow_list_permits_only_the_listed_and_core_builtins()
    {
        var policy = new SandboxPolicy(allowedBuiltins: ["sha256"]);
        Assert.Equal("2\n2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\n", Run("println(len(\"ab\"))\nprintln(sha256(\"hello\"))\n", policy));
        Assert.Equal(Denied("md5", "AllowBuiltin"), Run("try { md5(\"x\") } catch e { println(e) }\n", policy));
    }

    [Fact]
    public void Deny_and_allow_lists_cannot_be_combined()
    {
        var error = Assert.Throws<ArgumentException>(() => new SandboxPolicy(deniedBuiltins: ["a"], allowedBuiltins: ["b"]));
        Assert.Equal("Denied and allowed builtin lists cannot be used together.", error.Message);
    }

    [Theory]
    [InlineData(Capability.FileRead, "list_dir(\".\")", "list_dir", "NoFileSystem")]
    [InlineData(Capability.FileWrite, "mkdir(\"x\")", "mkdir", "NoFileSystem")]
    [InlineData(Capability.Process, "shell(\"echo hi\")", "shell", "NoProcess")]
    [InlineData(Capability.Network, "http_get(\"http://127.0.0.1:9/\")", "http_get", "NoNetwork")]
    [InlineData(Capability.Environment, "env(\"HOME\")", "env", "NoEnvironment")]
    public void Capability_switches_deny_their_builtins(Capability denied, string call, string builtin, string rule)
    {
        Assert.Equal(Denied(builtin, rule), Run($"try {{ {call} }} catch e {{ println(e) }}\n", new SandboxPolicy(deniedCapabilities: denied)));
    }

    [Fact]
    public void A_builtin_taken_as_a_value_or_called_back_is_still_denied()
    {
        var policy = new SandboxPolicy(deniedCapabilities: Capability.Environment);
        const string Source = """
            let f = env
            try { f("HOME") } catch e { println(e) }
            try { ["HOME"].map(env) } catch e { println(e) }
            try { ["HOME"].map({ name -> env_or(name, "") }) } catch e { println(e) }
            """;
        Assert.Equal(Denied("env", "NoEnvironment") + Denied("env", "NoEnvironment") + Denied("env_or", "NoEnvironment"), Run(Source, policy));
    }

    [Fact]
    public void Spawned_tasks_inherit_the_sandbox()
    {
        const string Source = """
            let t = spawn { return env("HOME") }
            try { await(t) } catch e { println(e) }
            let results = parallel each ["HOME"] { name -> try { env(name) } catch e { e } }
            println(results[0])
            """;
        Assert.Equal(Denied("env", "NoEnvironment") + Denied("env", "NoEnvironment"), Run(Source, new SandboxPolicy(deniedCapabilities: Capability.Environment)));
    }

    [Fact]
    public void Imported_modules_inherit_the_sandbox()
    {
        File.WriteAllText(Path.Combine(_root.FullName, "helper.harn"), "pub fn home() { return env(\"HOME\") }\n");
        var entry = Path.Combine(_root.FullName, "main.harn");
        const string Source = "import { home } from \"./helper\"\ntry { home() } catch e { println(e) }\n";
        Assert.Equal(Denied("env", "NoEnvironment"), Run(Source, new SandboxPolicy(deniedCapabilities: Capability.Environment), entry));
    }

    [Fact]
    public void Read_only_roots_allow_reads_inside()
    {
        var policy = new SandboxPolicy(readOnlyRoots: [_root.FullName]);
        var inside = Path.Combine(_root.FullName, "inside.txt");
        Assert.Equal("inside\ntrue\n", Run($"println(read_file({Quote(inside)}))\nprintln(file_exists({Quote(inside)}))\n", policy));
    }

    [Fact]
    public void Read_only_roots_refuse_reads_outside_and_through_dot_dot()
    {
        var policy = new SandboxPolicy(readOnlyRoots: [_root.FullName]);
        var secret = Path.Combine(_outside.FullName, "secret.txt");
        var traversal = Path.Combine(_root.FullName, "..", _outside.Name, "secret.txt");
        var output = Run($"try {{ read_file({Quote(secret)}) }} catch e {{ println(e) }}\ntry {{ read_file({Quote(traversal)}) }} catch e {{ println(e) }}\n", policy);
        var expected = $"Error [permission_denied]: builtin 'read_file' may not read '{secret}' outside the read-only roots (rule: ReadOnlyPath)\n";
        Assert.Equal(expected + expected, output);
    }

    [Fact]
    public void Read_only_roots_refuse_a_symbolic_link_that_leads_out()
    {
        var link = Path.Combine(_root.FullName, "link.txt");
        File.CreateSymbolicLink(link, Path.Combine(_outside.FullName, "secret.txt"));
        var linkedDirectory = Path.Combine(_root.FullName, "linked");
        Directory.CreateSymbolicLink(linkedDirectory, _outside.FullName);
        var policy = new SandboxPolicy(readOnlyRoots: [_root.FullName]);
        var output = Run($"try {{ read_file({Quote(link)}) }} catch e {{ println(error_category(e)) }}\ntry {{ read_file({Quote(Path.Combine(linkedDirectory, "secret.txt"))}) }} catch e {{ println(error_category(e)) }}\n", policy);
        Assert.Equal("permission_denied\npermission_denied\n", output);
    }

    [Fact]
    public void Read_only_roots_refuse_every_write_and_process()
    {
        var policy = new SandboxPolicy(readOnlyRoots: [_root.FullName]);
        var target = Path.Combine(_root.FullName, "new.txt");
        var output = Run($"try {{ write_file({Quote(target)}, \"x\") }} catch e {{ println(e) }}\ntry {{ exec(\"true\") }} catch e {{ println(e) }}\n", policy);
        Assert.Equal(Denied("write_file", "ReadOnlyPath") + Denied("exec", "ReadOnlyPath"), output);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void Path_checks_apply_only_inside_the_run_that_set_them()
    {
        var secret = Path.Combine(_outside.FullName, "secret.txt");
        Run("println(1)\n", new SandboxPolicy(readOnlyRoots: [_root.FullName]));
        Assert.Equal("secret\n", Run($"println(read_file({Quote(secret)}))\n", new SandboxPolicy()));
    }

    [Fact]
    public void Every_capability_entry_names_a_registered_builtin()
    {
        var registry = new BuiltinRegistry();
        StandardLibrary.Register(registry);
        var registered = registry.Names.ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(BuiltinCapabilities.Names, name => !registered.Contains(name));
    }

    [Fact]
    public void Every_builtin_that_looks_effectful_has_a_capability_or_is_known_pure()
    {
        string[] effectfulWords = ["file", "dir", "http_", "exec", "shell", "env", "socket", "sse_connect", "download", "llm_call", "store_", "checkpoint", "tar_", "zip_"];
        string[] knownPure =
        [
            "temp_dir", "home_dir", "source_dir", "dirname", "http_mock", "http_mock_clear", "http_mock_calls", "http_response",
            "http_response_text", "http_response_json", "http_response_bytes", "http_header", "http_session", "http_session_close",
            "http_stream_info", "http_stream_close", "http_server_route", "http_server_before", "http_server_after",
            "http_server_on_shutdown", "http_server_readiness", "http_server_set_ready", "http_server_ready", "http_server_shutdown",
            "http_server_request", "http_server_test", "http_server_tls_plain", "http_server_tls_edge", "http_server_tls_pem",
            "http_server_tls_self_signed_dev", "http_server_security_headers", "websocket_mock", "websocket_close", "websocket_server_close", "read_file_result",
            "environment", "env_snapshot", "execution_root", "gzip_decode", "gzip_encode", "pg_execute", "artifact_workspace_file",
        ];
        var registry = new BuiltinRegistry();
        StandardLibrary.Register(registry);
        var unlisted = registry.Names
            .Where(name => effectfulWords.Any(word => name.Contains(word, StringComparison.Ordinal)))
            .Where(name => BuiltinCapabilities.Of(name) == Capability.None && !knownPure.Contains(name))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Empty(unlisted);
    }
}
