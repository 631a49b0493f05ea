using System.Diagnostics;
using Harn.Runtime;
using Harn.Vm.Tests.Vm;
using Xunit;
using static Harn.Vm.Tests.HostLibrary.HostScripts;

namespace Harn.Vm.Tests.HostLibrary;

public sealed class ProcessBuiltinTests
{
    [Fact]
    public void ExecAndShellCaptureOutputAndStatus()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        AssertLines(Output("""
            let r = exec("printf", "%s-%s", "a", "b")
            println([r.stdout, r.status, r.success])
            let s = shell("echo out; echo err 1>&2; exit 3")
            println([s.stdout, s.stderr, s.status, s.success])
            """),
            "[a-b, 0, true]",
            "[out\n, err\n, 3, false]");
    }

    [Fact]
    public void ExecWithoutCommandAndMissingProgramAreHarnErrors()
    {
        Assert.Equal("Runtime error: exec: command is required", Error("exec()"));
        Assert.StartsWith("Runtime error: exec: failed to run 'harn-no-such-program-42': ", Error("exec(\"harn-no-such-program-42\")"));
    }

    [Fact]
    public void HostCallTimeoutKillsTheCommand()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        AssertLines(Output("""
            let r = host_call("process.exec", {command: "sleep 20", timeout_ms: 200})
            println([r.status, r.success, r.exit_code])
            """),
            "[timed_out, false, nil]");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void CancellingTheRunStopsAChildProcessPromptly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<HarnRuntimeException>(() => ScriptRunner.Run("shell(\"sleep 20\")", cancellation.Token));
        Assert.Contains("cancelled", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void HostMocksMatchTheLastRegisteredSubsetOfParams()
    {
        AssertLines(Output("""
            host_mock("project", "get", {result: "fallback"})
            host_mock("project", "get", {result: "facts", params: {ns: "facts"}})
            println(host_call("project.get", {ns: "facts"}))
            println(host_call("project.get", {ns: "other"}))
            println(len(host_mock_calls()))
            println(host_has("project", "get"))
            """),
            "facts",
            "fallback",
            "2",
            "true");
    }

    [Fact]
    public void EnvOrFallsBackToTheDefault()
    {
        Environment.SetEnvironmentVariable("HARN_HOST_TEST_SET", "yes");
        AssertLines(Output("""
            println(env_or("HARN_HOST_TEST_SET", 1))
            println(env_or("HARN_HOST_TEST_UNSET_VAR", 8080))
            println(env("HARN_HOST_TEST_UNSET_VAR"))
            """),
            "yes",
            "8080",
            "nil");
    }

    [Fact]
    public void HostErrorsCarryTheirCategory()
    {
        var error = ScriptRunner.Fail("exec(\"harn-no-such-program-42\")");
        Assert.Equal(ErrorKind.Runtime, error.Kind);
        Assert.Equal("not_found", error.Category);
    }
}
