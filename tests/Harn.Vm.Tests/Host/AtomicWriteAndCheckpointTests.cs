using Harn.Runtime;
using Harn.Stdlib.Host;
using Harn.Vm.Tests.Stdlib;
using Xunit;
using static Harn.Vm.Tests.HostLibrary.HostScripts;

namespace Harn.Vm.Tests.HostLibrary;

/// <summary>Writes replace a file whole or not at all; checkpoints live in a file named after the run's pipeline.</summary>
[Collection(StateRootCollection.Name)]
public sealed class AtomicWriteAndCheckpointTests : IDisposable
{
    private readonly string _root = TempDirectory();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void ACancelledWriteLeavesTheOldContentAndNoTemporaryFile()
    {
        var target = Path.Combine(_root, "config.json");
        File.WriteAllText(target, "old");
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.Throws<OperationCanceledException>(() => Files.WriteAtomically(target, "new content"u8.ToArray(), cancellation.Token));

        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal(["config.json"], Directory.GetFiles(_root).Select(Path.GetFileName));
    }

    [Fact]
    public void AWriteIsARenameOfACompleteSibling()
    {
        var target = Path.Combine(_root, "data.txt");
        File.WriteAllText(target, "old");
        using var reader = new FileStream(target, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        Files.WriteAtomically(target, "new"u8.ToArray(), CancellationToken.None);

        // A reader that opened the old file keeps seeing the old file: the new content arrived by rename.
        Assert.Equal("old", new StreamReader(reader).ReadToEnd());
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Equal(["data.txt"], Directory.GetFiles(_root).Select(Path.GetFileName));
    }

    [Fact]
    public void WritingIntoAMissingDirectoryIsANotFoundError()
    {
        var target = Path.Combine(_root, "missing", "x.txt");
        var error = Vm.ScriptRunner.Fail($"write_file({Quote(target)}, \"x\")");
        Assert.Equal($"Runtime error: Failed to write file {target}: No such file or directory (os error 2)", error.Message.Split(" (line")[0]);
        Assert.Equal(HostErrors.NotFound, error.Category);
        Assert.False(Directory.Exists(Path.Combine(_root, "missing")));
    }

    [Fact]
    public void CheckpointsAreKeptUnderThePipelineName()
    {
        File.WriteAllText(Path.Combine(_root, "harn.toml"), "[package]\nname = \"p\"\n");
        var context = new TestBuiltinContext(_root, "nightly");
        context.Call("checkpoint", Value.FromString("step"), Value.FromInt(3));

        var file = Path.Combine(_root, ".harn", "checkpoints", "nightly.json");
        Assert.Equal("{\n  \"step\": 3\n}", File.ReadAllText(file));
        Assert.Equal("[step]", new TestBuiltinContext(_root, "nightly").Show("checkpoint_list"));
        Assert.Equal("[]", new TestBuiltinContext(_root, "weekly").Show("checkpoint_list"));
        Assert.Equal(["nightly.json"], Directory.GetFiles(Path.Combine(_root, ".harn", "checkpoints")).Select(Path.GetFileName));
    }

    [Fact]
    public void SourceWithoutAFileKeepsCheckpointsInDefault()
    {
        var context = new TestBuiltinContext(_root);
        context.Call("checkpoint", Value.FromString("k"), Value.True);
        Assert.True(File.Exists(Path.Combine(_root, ".harn", "checkpoints", "default.json")));
    }

    [Theory]
    [InlineData("nightly", "nightly.json")]
    [InlineData(null, "default.json")]
    [InlineData("", "default.json")]
    [InlineData("..", "default.json")]
    [InlineData("a/b", "default.json")]
    public void CheckpointFileNamesStayInsideTheCheckpointDirectory(string? pipeline, string expected) =>
        Assert.Equal(expected, Store.CheckpointFileName(pipeline));
}
