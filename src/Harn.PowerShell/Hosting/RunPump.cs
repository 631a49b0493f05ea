using System.Collections.ObjectModel;
using System.Management.Automation;
using Harn.Hosting;
using Harn.PowerShell.Conversion;
using Harn.PowerShell.Runs;
using Harn.Runtime;

namespace Harn.PowerShell.Hosting;

/// <summary>
/// Relays one <see cref="ChunkRun"/> to an <see cref="IRunSink"/> on the reading thread: output
/// lines as InformationRecords as they complete, result items as they are produced, hook calls
/// run here, and the outcome as objects or an ErrorRecord. Records the run's final state.
/// </summary>
internal sealed class RunPump(ChunkRun run, HarnRun info, IRunSink sink, string commandName, ChunkInput input)
{
    /// <summary>How long a cancelled run gets to finish its finally/defer blocks before it is abandoned.</summary>
    public static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly OutputLineSplitter _lines = new();
    private readonly HashSet<Exception> _hookFailures = [];
    private readonly ProgressRelay _progress = new(sink);

    /// <summary>Pumps until the run ends. A stop requested by the sink ends with <see cref="RunOutcome.Stopped"/>.</summary>
    public RunOutcome Pump()
    {
        var finished = false;
        try
        {
            var outcome = PumpEvents();
            finished = true;
            return outcome;
        }
        finally
        {
            if (!finished)
            {
                // The sink was stopped (or a downstream command ended the pipeline): cancel and give the script its grace period.
                info.Stop();
                run.WaitForExit(StopGracePeriod);
                info.Finish(HarnRunState.Stopped);
            }
        }
    }

    private RunOutcome PumpEvents()
    {
        DateTime? stopRequested = null;
        while (true)
        {
            if (!run.TryReadEvent(PollInterval, out var next) || next is null)
            {
                if (sink.IsStopping)
                {
                    info.Stop();
                    stopRequested ??= DateTime.UtcNow;
                    if (DateTime.UtcNow - stopRequested > StopGracePeriod)
                    {
                        info.Finish(HarnRunState.Stopped);
                        return RunOutcome.Stopped;
                    }
                }

                continue;
            }

            switch (next)
            {
                case ChunkRunEvent.Output output:
                    WriteLines(_lines.Append(output.Channel, output.Text));
                    break;
                case ChunkRunEvent.Item item:
                    sink.WriteObject(PowerShellValueConverter.ToPowerShell(item.Value));
                    run.ItemWritten();
                    break;
                case ChunkRunEvent.HookCall call:
                    CallHook(call);
                    break;
                case ChunkRunEvent.Progress progress:
                    _progress.Write(progress.Report);
                    break;
                case ChunkRunEvent.Completed completed:
                    _progress.CompleteAll();
                    WriteLines(_lines.Flush());
                    info.Finish(HarnRunState.Completed);
                    WriteResult(completed.Result);
                    return RunOutcome.Completed;
                case ChunkRunEvent.Failed failed:
                    _progress.CompleteAll();
                    WriteLines(_lines.Flush());
                    return Fail(failed.Error);
            }
        }
    }

    private RunOutcome Fail(Exception error)
    {
        if (sink.IsStopping)
        {
            info.Finish(HarnRunState.Stopped);
            return RunOutcome.Stopped;
        }

        var stopped = info.StopRequested && !info.TimedOut && IsCancellation(error);
        info.Finish(stopped ? HarnRunState.Stopped : HarnRunState.Failed);
        sink.WriteError(HarnErrorRecordFactory.Create(error, new HarnErrorContext(input.File, input.Target, info.TimedOut, stopped, _hookFailures.Contains(error), input.SourceText)));
        return RunOutcome.Failed;
    }

    /// <summary>The error a stopped run ends with: the host's cancellation, or the SIGINT no handler took.</summary>
    private static bool IsCancellation(Exception error) =>
        error is HarnRuntimeException { Kind: ErrorKind.Thrown } thrown && thrown.Thrown.Kind == ValueKind.String
        && (thrown.Thrown.AsString.StartsWith("kind:cancelled:", StringComparison.Ordinal)
            || thrown.Thrown.AsString.StartsWith("kind:interrupted:", StringComparison.Ordinal));

    /// <summary>Runs a PowerShell hook here, where its runspace lives, and hands the VM its result as a Harn value.</summary>
    private void CallHook(ChunkRunEvent.HookCall call)
    {
        Collection<PSObject> results;
        try
        {
            results = sink.InvokeHook(call.Hook, PowerShellValueConverter.ToPowerShell(call.Payload));
        }
        catch (Exception error) when (error is not PipelineStoppedException)
        {
            var message = error is RuntimeException { ErrorRecord: { } record } ? record.ToString() : error.Message;
            var failure = new HarnRuntimeException(ErrorKind.Runtime, $"PowerShell hook '{call.Hook.Name}' for {call.Event} failed: {message}");
            _hookFailures.Add(failure);
            call.Reply.TrySetException(failure);
            return;
        }
        catch (PipelineStoppedException)
        {
            call.Reply.TrySetCanceled();
            throw;
        }

        try
        {
            call.Reply.TrySetResult(results.Count switch
            {
                0 => Value.Nil,
                1 => PowerShellValueConverter.ToHarn(results[0]),
                _ => PowerShellValueConverter.ToHarn(results),
            });
        }
        catch (ArgumentException error)
        {
            call.Reply.TrySetException(new HarnRuntimeException(ErrorKind.Runtime, $"PowerShell hook '{call.Hook.Name}' for {call.Event} returned a value Harn cannot take: {error.Message}"));
        }
    }

    private void WriteLines(IReadOnlyList<OutputLine> lines)
    {
        foreach (var line in lines)
        {
            var kind = line.Channel == OutputChannel.Stderr ? InformationTags.Stderr
                : line.Text.StartsWith("[harn] ", StringComparison.Ordinal) ? InformationTags.Log
                : InformationTags.Print;
            var record = new InformationRecord(new HostInformationMessage { Message = line.Text }, commandName);
            record.Tags.Add(kind);
            record.Tags.Add(InformationTags.Host);
            sink.WriteInformation(record);
        }
    }

    /// <summary>The entry pipeline's value: nothing for nil, a list item by item, anything else as one object.</summary>
    private void WriteResult(Value result)
    {
        if (result.IsNil)
        {
            return;
        }

        if (result.IsList)
        {
            foreach (var item in result.AsList)
            {
                sink.WriteObject(PowerShellValueConverter.ToPowerShell(item));
            }

            return;
        }

        sink.WriteObject(PowerShellValueConverter.ToPowerShell(result));
    }
}
