using System.Text;
using Harn.Hosting;
using Harn.Runtime;
using Harn.Sandbox;
using Harn.Stdlib;
using Harn.Vm.Tests.Stdlib;
using Xunit;

namespace Harn.Vm.Tests.Hosting;

/// <summary>
/// Runs start from a copy of the standard library registered once per process; what a run
/// changes in its registry (sandbox, host builtins, test doubles) stays in that run.
/// </summary>
public class SharedRegistryTests
{
    private const string SummaryProgram = """
        pipeline default() {
          let t = transcript_from_messages([{role: "user", content: "one"}, {role: "assistant", content: "two"}, {role: "user", content: "three"}])
          println(transcript_summary(transcript_compact(t, {strategy: "llm", keep_last: 1})))
        }
        """;

    private static string Run(string source, Action<BuiltinRegistry>? configure = null, SandboxPolicy? sandbox = null)
    {
        var output = new StringBuilder();
        HarnExecution.Run(HarnScript.Compile(source), new HarnRunOptions
        {
            Output = (_, text) => output.Append(text),
            ConfigureBuiltins = configure,
            Sandbox = sandbox,
        });
        return output.ToString();
    }

    private static BuiltinFunction Returns(string text) => (_, _) => Value.FromString(text);

    private static string CallResult(BuiltinRegistry registry, string name)
    {
        Assert.True(registry.TryGet(name, out var builtin), name);
        return builtin.Function(new TestBuiltinContext(), []).AsString;
    }

    [Fact]
    public void A_copy_of_a_frozen_registry_starts_with_its_entries_and_keeps_its_changes_to_itself()
    {
        var shared = new BuiltinRegistry();
        shared.Register("kept", Returns("shared kept"));
        shared.Register("replaced", Returns("shared replaced"));
        shared.Register("removed", Returns("shared removed"));
        shared.RegisterGlobal("answer", Value.FromInt(42));
        shared.Freeze();

        var run = shared.Copy();
        run.Register("replaced", Returns("run replaced"));
        run.Register("added", Returns("run added"));
        Assert.True(run.Unregister("removed"));
        Assert.False(run.Unregister("never_registered"));
        run.RegisterGlobal("answer", Value.FromInt(7));
        var other = shared.Copy();

        Assert.Equal("shared kept", CallResult(run, "kept"));
        Assert.Equal("run replaced", CallResult(run, "replaced"));
        Assert.Equal("run added", CallResult(run, "added"));
        Assert.False(run.TryGet("removed", out _));
        Assert.True(run.TryGetGlobal("answer", out var runAnswer));
        Assert.Equal(7, runAnswer.AsInt);
        Assert.False(run.IsFrozen);
        foreach (var untouched in new[] { shared, other })
        {
            Assert.Equal(["kept", "removed", "replaced"], untouched.Names.Order(StringComparer.Ordinal));
            Assert.Equal("shared replaced", CallResult(untouched, "replaced"));
            Assert.True(untouched.TryGetGlobal("answer", out var answer));
            Assert.Equal(42, answer.AsInt);
        }
    }

    [Fact]
    public void A_frozen_registry_refuses_every_change()
    {
        var registry = new BuiltinRegistry();
        registry.Register("kept", Returns("kept"));
        registry.Freeze();
        const string Message = "This builtin registry is frozen (it is shared by every run); change a Copy() of it instead.";
        Assert.Equal(Message, Assert.Throws<InvalidOperationException>(() => registry.Register("added", Returns("x"))).Message);
        Assert.Equal(Message, Assert.Throws<InvalidOperationException>(() => registry.Unregister("kept")).Message);
        Assert.Equal(Message, Assert.Throws<InvalidOperationException>(() => registry.RegisterGlobal("g", Value.Nil)).Message);
        Assert.Equal(["kept"], registry.Names);
    }

    [Fact]
    public void A_copy_of_a_registry_still_being_built_does_not_see_later_registrations()
    {
        var source = new BuiltinRegistry();
        source.Register("first", Returns("first"));
        var copy = source.Copy();
        source.Register("second", Returns("second"));
        copy.Register("own", Returns("own"));
        Assert.Equal(["first", "own"], copy.Names.Order(StringComparer.Ordinal));
        Assert.Equal(["first", "second"], source.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_standard_library_base_is_frozen_and_complete()
    {
        var fresh = new BuiltinRegistry();
        StandardLibrary.Register(fresh);
        Assert.True(StandardLibrary.Base.IsFrozen);
        Assert.Same(StandardLibrary.Base, StandardLibrary.Base);
        Assert.Equal(fresh.Names.Order(StringComparer.Ordinal), StandardLibrary.Base.Names.Order(StringComparer.Ordinal));
        Assert.Equal(fresh.GlobalNames.Order(StringComparer.Ordinal), StandardLibrary.Base.GlobalNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_runs_sandbox_and_host_builtins_reach_neither_the_next_run_nor_the_base()
    {
        Assert.True(StandardLibrary.Base.TryGet("len", out var baseLen));
        Assert.True(StandardLibrary.Base.TryGet("basename", out var baseBasename));
        var first = Run(
            "println(basename(\"/a/AB\"))\nprintln(try { len(\"ab\") })\n",
            registry => registry.Register("basename", Returns("host double")),
            new SandboxPolicy(deniedBuiltins: ["len"]));
        Assert.Equal("host double\nResult.Err(Error [permission_denied]: builtin 'len' is not allowed in sandbox mode (rule: DenyBuiltin))\n", first);

        Assert.Equal("2\nAB\n", Run("println(len(\"ab\"))\nprintln(basename(\"/a/AB\"))\n"));
        Assert.True(StandardLibrary.Base.TryGet("len", out var lenAfter));
        Assert.Same(baseLen, lenAfter);
        Assert.True(StandardLibrary.Base.TryGet("basename", out var basenameAfter));
        Assert.Same(baseBasename, basenameAfter);
    }

    [Fact]
    public void Builtins_that_call_others_by_name_reach_the_runs_own_registry()
    {
        var doubled = Run(SummaryProgram, registry => registry.Register("llm_call", (_, _) => Value.FromString("summary by the host double")));
        Assert.Equal("[auto-compacted 2 older messages]\nsummary by the host double\n", doubled);

        var error = Assert.Throws<HarnRuntimeException>(() => Run(SummaryProgram, sandbox: new SandboxPolicy(deniedBuiltins: ["llm_call"])));
        Assert.Equal("builtin 'llm_call' is not allowed in sandbox mode (rule: DenyBuiltin)", error.Detail);
    }

    [Fact]
    public void Concurrent_runs_keep_their_own_builtins_and_denials()
    {
        var script = HarnScript.Compile("""
            pipeline default() {
              var seen = []
              for i in range(0, 200) { seen = seen + [basename("TAG")] }
              println(len(seen))
              println(seen[0] + " " + seen[199])
              println(try { lowercase("X") })
            }
            """);
        var outputs = Enumerable.Range(0, 16).AsParallel().WithDegreeOfParallelism(4).Select(index =>
        {
            var output = new StringBuilder();
            var tag = $"run {index}";
            HarnExecution.Run(script, new HarnRunOptions
            {
                Output = (_, text) => output.Append(text),
                ConfigureBuiltins = registry => registry.Register("basename", Returns(tag)),
                Sandbox = index % 2 == 0 ? new SandboxPolicy(deniedBuiltins: ["lowercase"]) : null,
            });
            return (index, Text: output.ToString());
        }).ToList();

        foreach (var (index, text) in outputs)
        {
            var lowered = index % 2 == 0 ? "Result.Err(Error [permission_denied]: builtin 'lowercase' is not allowed in sandbox mode (rule: DenyBuiltin))" : "Result.Ok(x)";
            Assert.Equal($"200\nrun {index} run {index}\n{lowered}\n", text);
        }

        Assert.Equal("tag\n", Run("println(basename(\"/x/tag\"))\n"));
    }
}
