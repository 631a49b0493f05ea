using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Harn.Stdlib.Host;

/// <summary>The outcome of one child process: exit code (null when it was killed), captured output, and how it ended.</summary>
internal sealed record ProcessOutcome(int? ExitCode, string Stdout, string Stderr, string Combined, int Pid, bool TimedOut, long DurationMs);

/// <summary>
/// Runs a child process to completion with captured output. Cancellation of the run or the
/// timeout kills the whole process tree, so nothing the script started outlives it.
/// </summary>
internal static class ProcessRunner
{
    public static async Task<ProcessOutcome> RunAsync(
        string program,
        IEnumerable<string> arguments,
        string? workingDirectory,
        IReadOnlyDictionary<string, string?>? environment,
        string? stdin,
        TimeSpan? timeout,
        CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var combined = new StringBuilder();
        using var process = new Process { StartInfo = start };
        var clock = Stopwatch.StartNew();
        process.Start();
        var readers = Task.WhenAll(
            Pump(process.StandardOutput, stdout, combined),
            Pump(process.StandardError, stderr, combined));
        WriteStdin(process, stdin);

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (timeout is { } span)
        {
            limit.CancelAfter(span);
        }

        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            if (cancellation.IsCancellationRequested)
            {
                throw;
            }

            timedOut = true;
        }

        // Once the tree is gone the pipes close and the readers finish; a grandchild that kept
        // a pipe open past the kill must not hold the result back.
        await Task.WhenAny(readers, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
        int? exitCode = timedOut ? null : process.ExitCode;
        return new ProcessOutcome(exitCode, Text(stdout, combined), Text(stderr, combined), Text(combined, combined), process.Id, timedOut, clock.ElapsedMilliseconds);
    }

    private static void WriteStdin(Process process, string? stdin)
    {
        try
        {
            if (stdin is not null)
            {
                process.StandardInput.Write(stdin);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child exited without reading its input; that is its business.
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception error) when (error is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    /// <summary>Copies a child's stream as it arrives, keeping the text exact (no line re-termination).</summary>
    private static async Task Pump(StreamReader reader, StringBuilder stream, StringBuilder combined)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            lock (combined)
            {
                stream.Append(buffer, 0, read);
                combined.Append(buffer, 0, read);
            }
        }
    }

    private static string Text(StringBuilder builder, StringBuilder combined)
    {
        lock (combined)
        {
            return builder.ToString();
        }
    }

    /// <summary>The shell a <c>shell(...)</c> command runs in, with the arguments that pass it a command line.</summary>
    public static (string Program, string[] Arguments) ShellInvocation(string command) =>
        OperatingSystem.IsWindows() ? ("cmd.exe", ["/d", "/s", "/c", command]) : ("/bin/sh", ["-c", command]);
}
