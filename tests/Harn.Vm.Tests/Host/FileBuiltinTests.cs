using Xunit;
using static Harn.Vm.Tests.HostLibrary.HostScripts;

namespace Harn.Vm.Tests.HostLibrary;

[Collection(StateRootCollection.Name)]
public sealed class FileBuiltinTests : IDisposable
{
    private readonly string _root = TempDirectory();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void WriteReadAppendCopyMoveAndList()
    {
        var output = Output($$"""
            let root = {{Quote(_root)}}
            let p = path_join(root, "a.txt")
            write_file(p, "alpha\nbeta\n")
            append_file(p, "gamma\n")
            println(read_file(p))
            println(read_lines(p))
            copy_file(p, path_join(root, "b.txt"))
            move_file(path_join(root, "b.txt"), path_join(root, "c.txt"))
            mkdir(path_join(root, "sub/deep"))
            println(list_dir(root))
            let info = stat(p)
            println([info.size, info.is_file, info.is_dir])
            println(len(walk_dir(root)))
            println(glob("**/*.txt", root).map({ x -> path_basename(x) }))
            delete_file(path_join(root, "sub"))
            println(file_exists(path_join(root, "sub")))
            """);
        AssertLines(output,
            "alpha\nbeta\ngamma\n",
            "[alpha, beta, gamma]",
            "[a.txt, c.txt, sub]",
            "[17, true, false]",
            "5",
            "[a.txt, c.txt]",
            "false");
    }

    [Fact]
    public void WritesLeaveNoTemporaryFilesBehind()
    {
        Output($$"""
            write_file(path_join({{Quote(_root)}}, "x.txt"), "one")
            write_file(path_join({{Quote(_root)}}, "x.txt"), "two")
            """);
        Assert.Equal(["x.txt"], Directory.GetFiles(_root).Select(Path.GetFileName));
        Assert.Equal("two", File.ReadAllText(Path.Combine(_root, "x.txt")));
    }

    [Fact]
    public void MissingFilesAreHarnErrorsWithUpstreamText()
    {
        var missing = Path.Combine(_root, "nope.txt");
        Assert.Equal(
            $"Runtime error: Failed to read file {missing}: No such file or directory (os error 2)",
            Error($"read_file({Quote(missing)})"));
        Assert.StartsWith(
            $"Runtime error: Failed to delete file {missing}: No such file or directory (os error 2)",
            Error($"delete_file({Quote(missing)})"));
        var error = Vm.ScriptRunner.Fail($"read_file({Quote(missing)})");
        Assert.Equal("not_found", error.Category);
    }

    [Fact]
    public void ReadFileResultReturnsErrInsteadOfThrowing()
    {
        var missing = Path.Combine(_root, "nope.txt");
        AssertLines(Output($"println(read_file_result({Quote(missing)}))"),
            $"Result.Err(Failed to read file {missing}: No such file or directory (os error 2))");
    }

    [Fact]
    public void PathHelpersWorkLexically()
    {
        AssertLines(Output("""
            println(path_normalize("a/./b/../c"))
            println(path_relative_to("/a/c", "/a/b"))
            println(path_with_extension("a/b/c.rs", ".txt"))
            println(path_parts("src/main.rs"))
            println(path_is_absolute("C:/x"))
            """),
            "a/c",
            "../c",
            "a/b/c.txt",
            "{dir: src, ext: .rs, file: main.rs, stem: main}",
            "true");
    }

    [Fact]
    public void StoreAndCheckpointsPersistUnderTheStateRoot()
    {
        var previous = Environment.GetEnvironmentVariable("HARN_STATE_DIR");
        Environment.SetEnvironmentVariable("HARN_STATE_DIR", _root);
        try
        {
            Output("""
                store_set("name", "alice")
                checkpoint("step", {n: 1})
                """);
            AssertLines(Output("""
                println(store_get("name"))
                println(checkpoint_get("step"))
                println(checkpoint_list())
                store_clear()
                println(store_list())
                """),
                "alice",
                "{n: 1}",
                "[step]",
                "[]");
            Assert.True(File.Exists(Path.Combine(_root, "store.json")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("HARN_STATE_DIR", previous);
        }
    }
}
