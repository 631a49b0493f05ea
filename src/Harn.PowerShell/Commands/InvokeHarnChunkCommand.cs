using System.Collections;
using System.Collections.ObjectModel;
using System.Management.Automation;
using Harn.Hosting;
using Harn.PowerShell.Conversion;
using Harn.PowerShell.Hosting;
using Harn.Runtime;

namespace Harn.PowerShell.Commands;

/// <summary>
/// Compiles and runs Harn chunks. What the script prints is written to the Information stream
/// while it runs; the entry pipeline's value is written to the output, converted to PowerShell
/// objects (a list is enumerated like any PowerShell collection). Compile and runtime errors are
/// non-terminating, so -ErrorAction applies per chunk.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "HarnChunk", DefaultParameterSetName = PathSet)]
[OutputType(typeof(object))]
public sealed class InvokeHarnChunkCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string SourceSet = "Source";

    /// <summary>How long a cancelled run gets to finish its finally/defer blocks before it is abandoned.</summary>
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(5);

    private const string FileSystemProviderName = "FileSystem";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly object _gate = new();
    private CancellationTokenSource? _running;
    private bool _stopping;
    private IReadOnlyDictionary<string, Value>? _arguments;

    /// <summary>Harn files to run; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Harn files to run, taken literally; binds the PSPath of Get-ChildItem output.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>Harn source text to run.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SourceSet)]
    [AllowEmptyString]
    public string Source { get; set; } = string.Empty;

    /// <summary>Values for the entry pipeline's parameters, by name.</summary>
    [Parameter]
    public IDictionary? Parameter { get; set; }

    protected override void BeginProcessing()
    {
        if (Parameter is null)
        {
            return;
        }

        var arguments = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Parameter)
        {
            var name = entry.Key?.ToString() ?? "";
            try
            {
                arguments[name] = PowerShellValueConverter.ToHarn(entry.Value);
            }
            catch (ArgumentException error)
            {
                ThrowTerminatingError(new ErrorRecord(error, ErrorIds.HarnParameterInvalid, ErrorCategory.InvalidArgument, entry.Value)
                {
                    ErrorDetails = new ErrorDetails($"Parameter '{name}' cannot be passed to Harn: {error.Message}"),
                });
            }
        }

        _arguments = arguments;
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case SourceSet:
                RunChunk(Source, null, Source);
                break;
            case LiteralPathSet:
                foreach (var path in LiteralPath)
                {
                    RunLiteralPath(path);
                }

                break;
            default:
                foreach (var path in Path)
                {
                    RunWildcardPath(path);
                }

                break;
        }
    }

    protected override void StopProcessing()
    {
        lock (_gate)
        {
            _stopping = true;
            _running?.Cancel();
        }
    }

    private void RunWildcardPath(string path)
    {
        Collection<string> files;
        ProviderInfo provider;
        try
        {
            files = GetResolvedProviderPathFromPSPath(path, out provider);
        }
        catch (ItemNotFoundException error)
        {
            WriteError(new ErrorRecord(error, ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
            return;
        }

        if (!IsFileSystem(provider, path))
        {
            return;
        }

        foreach (var file in files)
        {
            RunFile(file, path);
        }
    }

    private void RunLiteralPath(string path)
    {
        var file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
        if (IsFileSystem(provider, path))
        {
            RunFile(file, path);
        }
    }

    private bool IsFileSystem(ProviderInfo provider, string path)
    {
        if (provider.Name == FileSystemProviderName)
        {
            return true;
        }

        WriteError(new ErrorRecord(
            new ArgumentException($"The path '{path}' is not a file system path (provider: {provider.Name})."),
            ErrorIds.PathNotFileSystem,
            ErrorCategory.InvalidArgument,
            path));
        return false;
    }

    private void RunFile(string file, string givenPath)
    {
        if (!File.Exists(file))
        {
            WriteError(new ErrorRecord(
                new ItemNotFoundException($"Cannot find the Harn file '{file}' because it does not exist."),
                ErrorIds.PathNotFound,
                ErrorCategory.ObjectNotFound,
                givenPath));
            return;
        }

        string source;
        try
        {
            source = File.ReadAllText(file);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(error, ErrorIds.HarnSourceReadError, ErrorCategory.ReadError, file));
            return;
        }

        RunChunk(source, file, file);
    }

    private void RunChunk(string source, string? file, object target)
    {
        var cancellation = new CancellationTokenSource();
        lock (_gate)
        {
            if (_stopping)
            {
                cancellation.Dispose();
                throw new PipelineStoppedException();
            }

            _running = cancellation;
        }

        var run = ChunkRun.Start(source, file, _arguments, cancellation.Token);
        var finished = false;
        try
        {
            finished = Pump(run, file, target);
        }
        finally
        {
            if (!finished)
            {
                // Stopped, or a downstream command ended the pipeline: cancel and give the script its grace period.
                cancellation.Cancel();
                run.WaitForExit(StopGracePeriod);
            }

            lock (_gate)
            {
                _running = null;
            }

            cancellation.Dispose();
        }
    }

    /// <summary>Relays the run's events until its outcome; returns false when the run was stopped instead.</summary>
    private bool Pump(ChunkRun run, string? file, object target)
    {
        var lines = new OutputLineSplitter();
        DateTime? stopRequested = null;
        while (true)
        {
            if (!run.TryReadEvent(PollInterval, out var next) || next is null)
            {
                if (IsStopping())
                {
                    stopRequested ??= DateTime.UtcNow;
                    if (DateTime.UtcNow - stopRequested > StopGracePeriod)
                    {
                        throw new PipelineStoppedException();
                    }
                }

                continue;
            }

            switch (next)
            {
                case ChunkRunEvent.Output output:
                    WriteLines(lines.Append(output.Channel, output.Text));
                    break;
                case ChunkRunEvent.Completed completed:
                    WriteLines(lines.Flush());
                    WriteResult(completed.Result);
                    return true;
                case ChunkRunEvent.Failed failed:
                    WriteLines(lines.Flush());
                    if (IsStopping())
                    {
                        throw new PipelineStoppedException();
                    }

                    WriteError(failed.Error switch
                    {
                        HarnCompileException compile => HarnErrorRecords.Compile(compile, target),
                        HarnRuntimeException runtime => HarnErrorRecords.Runtime(runtime, file),
                        _ => HarnErrorRecords.Internal(failed.Error, target),
                    });
                    return true;
            }
        }
    }

    private bool IsStopping()
    {
        lock (_gate)
        {
            return _stopping;
        }
    }

    private void WriteLines(IReadOnlyList<OutputLine> lines)
    {
        foreach (var line in lines)
        {
            var kind = line.Channel == OutputChannel.Stderr ? InformationTags.Stderr
                : line.Text.StartsWith("[harn] ", StringComparison.Ordinal) ? InformationTags.Log
                : InformationTags.Print;
            var message = new HostInformationMessage { Message = line.Text };
            var record = new InformationRecord(message, MyInvocation.MyCommand.Name);
            record.Tags.Add(kind);
            record.Tags.Add(InformationTags.Host);
            WriteInformation(record);
        }
    }

    private void WriteResult(Value result)
    {
        if (result.IsNil)
        {
            return;
        }

        WriteObject(PowerShellValueConverter.ToPowerShell(result), enumerateCollection: result.IsList);
    }
}
