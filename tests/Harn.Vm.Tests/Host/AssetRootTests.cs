using Harn.Runtime;
using Harn.Vm.Tests.Stdlib;
using Xunit;
using static Harn.Vm.Tests.HostLibrary.HostScripts;
using static Harn.Vm.Tests.Stdlib.V;

namespace Harn.Vm.Tests.HostLibrary;

/// <summary><c>@/rel</c> and <c>@alias/rel</c> template paths, anchored at the project root and its <c>[asset_roots]</c>.</summary>
public sealed class AssetRootTests : IDisposable
{
    private readonly string _root = TempDirectory();

    public AssetRootTests()
    {
        File.WriteAllText(Path.Combine(_root, "harn.toml"), "[package]\nname = \"x\" # comment\n\n[asset_roots]\nparts = \"lib/parts\" # trailing\n'quoted' = 'lib'\n\n[other]\nparts = \"elsewhere\"\n");
        Directory.CreateDirectory(Path.Combine(_root, "lib", "parts"));
        Directory.CreateDirectory(Path.Combine(_root, "deep", "er"));
        File.WriteAllText(Path.Combine(_root, "lib", "parts", "hi.prompt"), "hi {{ who }}");
        File.WriteAllText(Path.Combine(_root, "lib", "wrap.prompt"), "[{{ include \"@parts/hi.prompt\" }}]");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void AliasesResolveFromAnyDepth()
    {
        var bindings = D(("who", S("é")));
        var nested = new TestBuiltinContext(Path.Combine(_root, "deep", "er"));
        Assert.Equal("hi é", nested.Show("render_prompt", S("@parts/hi.prompt"), bindings));
        Assert.Equal("hi é", nested.Show("render", S("@/lib/parts/hi.prompt"), bindings));
        Assert.Equal("[hi é]", nested.Show("render", S("@quoted/wrap.prompt"), bindings));
        Assert.Equal("<hi é>", nested.Show("render_string", S("<{{ include \"@parts/hi.prompt\" }}>"), bindings));
    }

    [Fact]
    public void UnknownAliasesAndEscapesAreErrors()
    {
        var context = new TestBuiltinContext(_root);
        Assert.Equal(
            $"Runtime error: asset path '@nope/x.prompt': alias 'nope' is not defined in [asset_roots] of {Path.Combine(_root, "harn.toml")}",
            Assert.Throws<HarnRuntimeException>(() => context.Call("render", S("@nope/x.prompt"))).Message);
        Assert.Equal(
            "Runtime error: package-rooted path '@parts/../../x' may not leave the project root",
            Assert.Throws<HarnRuntimeException>(() => context.Call("render", S("@parts/../../x"))).Message);
    }
}
