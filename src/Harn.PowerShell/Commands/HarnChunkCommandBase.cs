using System.Collections;
using System.Collections.ObjectModel;
using System.Management.Automation;
using Harn.Hosting;
using Harn.PowerShell.Conversion;
using Harn.PowerShell.Hosting;
using Harn.Runtime;

namespace Harn.PowerShell.Commands;

/// <summary>
/// The inputs the chunk cmdlets share: files by -Path (wildcards) or -LiteralPath (Get-ChildItem
/// by property name), or -Source text. Problems with one input are non-terminating errors.
/// </summary>
public abstract class HarnChunkCommandBase : PSCmdlet
{
    protected const string PathSet = "Path";
    protected const string LiteralPathSet = "LiteralPath";
    protected const string SourceSet = "Source";
    protected const string ChunkSet = "Chunk";

    private const string FileSystemProviderName = "FileSystem";

    /// <summary>Harn files; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Harn files, taken literally; binds the PSPath of Get-ChildItem output.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Harn source text.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SourceSet)]
    [AllowEmptyString]
    public string Source { get; set; } = string.Empty;

    /// <summary>The chunks of this record's input (files found, or the source text); errors are written for the rest.</summary>
    private protected IEnumerable<ChunkInput> ResolveInputs()
    {
        switch (ParameterSetName)
        {
            case SourceSet:
                var source = Source;
                yield return new ChunkInput(() => HarnScript.Compile(source), null, source, ChunkInput.SourceName, source);
                break;
            case LiteralPathSet:
                foreach (var path in LiteralPath)
                {
                    var file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                    if (IsFileSystem(provider, path) && ReadFile(file, path) is { } input)
                    {
                        yield return input;
                    }
                }

                break;
            case PathSet:
                foreach (var path in Path)
                {
                    foreach (var input in ResolveWildcard(path))
                    {
                        yield return input;
                    }
                }

                break;
        }
    }

    /// <summary>Converts PowerShell values for Harn; a value that cannot be converted ends the command (HarnParameterInvalid).</summary>
    private protected Value ToHarnOrThrow(object? value, string description)
    {
        try
        {
            return PowerShellValueConverter.ToHarn(value);
        }
        catch (ArgumentException error)
        {
            ThrowTerminatingError(new ErrorRecord(error, ErrorIds.HarnParameterInvalid, ErrorCategory.InvalidArgument, value)
            {
                ErrorDetails = new ErrorDetails($"{description} cannot be passed to Harn: {error.Message}"),
            });
            throw;
        }
    }

    /// <summary>-ArgumentList and -Parameter converted for binding to the entry pipeline.</summary>
    private protected ArgumentBinding BindArguments(object?[]? argumentList, IDictionary? parameter)
    {
        var positional = new List<Value>();
        for (var i = 0; i < (argumentList?.Length ?? 0); i++)
        {
            positional.Add(ToHarnOrThrow(argumentList![i], $"Argument {i}"));
        }

        var named = new Dictionary<string, Value>(StringComparer.Ordinal);
        if (parameter is not null)
        {
            foreach (DictionaryEntry entry in parameter)
            {
                var name = entry.Key?.ToString() ?? "";
                named[name] = ToHarnOrThrow(entry.Value, $"Parameter '{name}'");
            }
        }

        return new ArgumentBinding(positional, named);
    }

    private IEnumerable<ChunkInput> ResolveWildcard(string path)
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
            yield break;
        }

        if (!IsFileSystem(provider, path))
        {
            yield break;
        }

        foreach (var file in files)
        {
            if (ReadFile(file, path) is { } input)
            {
                yield return input;
            }
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

    private ChunkInput? ReadFile(string file, string givenPath)
    {
        if (!File.Exists(file))
        {
            WriteError(new ErrorRecord(
                new ItemNotFoundException($"Cannot find the Harn file '{file}' because it does not exist."),
                ErrorIds.PathNotFound,
                ErrorCategory.ObjectNotFound,
                givenPath));
            return null;
        }

        string source;
        try
        {
            source = File.ReadAllText(file);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(error, ErrorIds.HarnSourceReadError, ErrorCategory.ReadError, file));
            return null;
        }

        return new ChunkInput(() => HarnScript.Compile(source, file), file, file, System.IO.Path.GetFileNameWithoutExtension(file), source);
    }
}
