using System.Diagnostics;
using Harn.Runtime;
using Harn.Vm.Tests.Vm;
using Xunit;
using static Harn.Vm.Tests.HostLibrary.HostScripts;
using static Harn.Vm.Tests.Support.Polling;

namespace Harn.Vm.Tests.HostLibrary;

/// <summary>
/// HTTP requests and child processes wait without holding the VM, so cancelling the run ends a
/// pending request or child at once and kills the whole process tree.
/// </summary>
public sealed class HostCancellationTests
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task CancellingAPendingHttpGetEndsTheRunWithinASecond()
    {
        using var server = new LocalHttpServer((200, "late", 30_000));
        using var cancellation = new CancellationTokenSource();
        var cancelledAt = CancelWhen(cancellation, () => server.Requests.Count > 0);

        var error = Assert.Throws<HarnRuntimeException>(() => ScriptRunner.Run($"http_get({Quote(server.Url + "/slow")})", cancellation.Token));

        var sinceCancel = (await cancelledAt).Elapsed;
        Assert.Equal("Thrown: " + Harn.Runtime.Vm.CancelledMessage, error.Message.Split(" (line")[0]);
        Assert.True(sinceCancel < Prompt, $"the run ended {sinceCancel} after cancellation");
    }

    [Fact]
    public async Task CancellingAPendingExecEndsTheRunWithinASecond()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var cancellation = new CancellationTokenSource();
        var cancelledAt = CancelWhen(cancellation, ChildRunning("sleep 31"));

        var error = Assert.Throws<HarnRuntimeException>(() => ScriptRunner.Run("exec(\"sleep\", \"31\")", cancellation.Token));

        var sinceCancel = (await cancelledAt).Elapsed;
        Assert.StartsWith("Thrown: " + Harn.Runtime.Vm.CancelledMessage, error.Message, StringComparison.Ordinal);
        Assert.True(sinceCancel < Prompt, $"the run ended {sinceCancel} after cancellation");
        var childRunning = ChildRunning("sleep 31");
        Assert.True(WaitUntil(() => !childRunning()), "the child outlived the run");
    }

    [Fact]
    public async Task CancellingAShellKillsItsWholeProcessTree()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var directory = TempDirectory();
        var pidFile = Path.Combine(directory, "grandchild.pid");
        using var cancellation = new CancellationTokenSource();
        var cancelledAt = CancelWhen(cancellation, () => File.Exists(pidFile) && new FileInfo(pidFile).Length > 0);

        Assert.Throws<HarnRuntimeException>(() => ScriptRunner.Run($"shell({Quote($"sleep 32 & echo $! > '{pidFile}'; wait")})", cancellation.Token));

        // The point here is the tree; promptness is the two tests above.
        var sinceCancel = (await cancelledAt).Elapsed;
        Assert.True(sinceCancel < TimeSpan.FromSeconds(10), $"the run ended {sinceCancel} after cancellation");
        var grandchild = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(WaitUntil(() => !Directory.Exists($"/proc/{grandchild}") || IsZombie(grandchild)), $"grandchild {grandchild} outlived the run");
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void OtherTasksRunWhileARequestIsPending()
    {
        // A request that held the VM thread would delay the main task's 50 ms sleep by the full 2 s.
        using var server = new LocalHttpServer((200, "done", 2_000));
        AssertLines(Output($$"""
            let start = monotonic_ms()
            let request = spawn { http_get({{Quote(server.Url + "/slow")}}).body }
            sleep(50ms)
            println(monotonic_ms() - start < 1500)
            println(await(request))
            """),
            "true",
            "done");
    }

    /// <summary>Cancels when <paramref name="ready"/> holds (polled); the returned stopwatch starts at the cancel.</summary>
    /// <summary>True while a process with exactly this command line exists.</summary>
    private static Func<bool> ChildRunning(string commandLine) => () =>
        Directory.EnumerateDirectories("/proc").Any(entry =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ').Trim() == commandLine && !IsZombie(int.Parse(Path.GetFileName(entry), System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException)
            {
                return false;
            }
        });

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
