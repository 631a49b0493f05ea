using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Mcp;

/// <summary>
/// MCP over a child process's stdio: newline-delimited JSON-RPC on stdin/stdout. A reader loop
/// hands each response to the request waiting for its id; requests the server makes of us are
/// answered "method not found" so the server never waits on them.
/// </summary>
internal sealed class McpStdioTransport : IMcpTransport
{
    private readonly Process _process;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<Value>> _pending = new();
    private readonly StringBuilder _stderrTail = new();
    private volatile bool _closed;

    private McpStdioTransport(Process process)
    {
        _process = process;
        _ = Task.Run(ReadLoop);
        _ = Task.Run(DrainStderr);
    }

    public bool IsAlive => !_closed && !HasExited();

    /// <summary>Starts the server process; a command that cannot be started throws <c>mcp_connect: failed to spawn ...</c>.</summary>
    public static McpStdioTransport Spawn(string function, string command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, string? directory)
    {
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        if (directory is not null)
        {
            start.WorkingDirectory = directory;
        }

        var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception error) when (error is Win32Exception or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            process.Dispose();
            throw RuntimeErrors.Thrown($"{function}: failed to spawn '{command}': {error.Message}");
        }

        process.StandardInput.AutoFlush = false;
        return new McpStdioTransport(process);
    }

    public async Task<Value> RequestAsync(long id, Value message, CancellationToken cancellation)
    {
        var waiter = new TaskCompletionSource<Value>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = waiter;
        try
        {
            await WriteAsync(message, cancellation).ConfigureAwait(false);
            if (_closed)
            {
                throw Gone();
            }

            using var registration = cancellation.Register(() => waiter.TrySetCanceled(cancellation));
            return await waiter.Task.ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public Task NotifyAsync(Value message, CancellationToken cancellation) => WriteAsync(message, cancellation);

    private async Task WriteAsync(Value message, CancellationToken cancellation)
    {
        var line = JsonConversion.Stringify(message) + "\n";
        await _writeLock.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            await _process.StandardInput.WriteAsync(line.AsMemory(), cancellation).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync(cancellation).ConfigureAwait(false);
        }
        catch (IOException)
        {
            throw Gone();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoop()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (line.Trim().Length == 0 || !JsonConversion.TryParse(line, out var message) || message.Kind != ValueKind.Dict)
                {
                    continue;
                }

                await Dispatch(message.AsDict).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The pipe broke: the server is gone, which the waiters learn below.
        }

        _closed = true;
        foreach (var waiter in _pending.Values)
        {
            waiter.TrySetException(Gone());
        }
    }

    private async Task Dispatch(HarnDict message)
    {
        var hasMethod = message.TryGetValue("method", out var method) && method.Kind == ValueKind.String;
        message.TryGetValue("id", out var id);
        if (!hasMethod && id.Kind == ValueKind.Int && _pending.TryGetValue(id.AsInt, out var waiter))
        {
            waiter.TrySetResult(Value.FromDict(message));
        }
        else if (hasMethod && !id.IsNil)
        {
            var reply = method.AsString == "ping"
                ? McpJson.Result(id, Value.FromDict(HarnDict.Empty))
                : McpJson.Error(id, -32601, $"Method not found: {method.AsString}");
            try
            {
                await WriteAsync(reply, CancellationToken.None).ConfigureAwait(false);
            }
            catch (HarnRuntimeException)
            {
                // The server went away while we answered it.
            }
        }
    }

    private async Task DrainStderr()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                lock (_stderrTail)
                {
                    _stderrTail.AppendLine(line);
                    if (_stderrTail.Length > 4096)
                    {
                        _stderrTail.Remove(0, _stderrTail.Length - 4096);
                    }
                }
            }
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Nothing more to read.
        }
    }

    private HarnRuntimeException Gone()
    {
        string tail;
        lock (_stderrTail)
        {
            tail = _stderrTail.ToString().Trim();
        }

        return RuntimeErrors.Thrown(tail.Length == 0 ? "MCP server process exited" : $"MCP server process exited: {tail}");
    }

    private bool HasExited()
    {
        try
        {
            return _process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        _closed = true;
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already closed.
        }

        // A server gets a moment to leave on its own after end of input, then the tree is killed.
        if (!_process.WaitForExit(500))
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (Exception error) when (error is InvalidOperationException or Win32Exception or NotSupportedException)
            {
                // Already gone.
            }
        }

        _process.Dispose();
    }
}
