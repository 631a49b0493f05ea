using System.Text;
using Harn.Hosting;
using Harn.Runtime;
using Harn.Stdlib;

namespace Harn.Vm.Tests.Stdlib;

/// <summary>A builtin context without a VM: collects output and can call builtin values.</summary>
internal sealed class TestBuiltinContext : BuiltinContext
{
    private readonly BuiltinRegistry _registry = new();
    private readonly string? _sourceDirectory;
    private readonly string? _pipelineName;

    public TestBuiltinContext(string? sourceDirectory = null, string? pipelineName = null)
    {
        StandardLibrary.Register(_registry);
        _sourceDirectory = sourceDirectory;
        _pipelineName = pipelineName;
    }

    public StringBuilder Stdout { get; } = new();

    public StringBuilder Stderr { get; } = new();

    public override CancellationToken CancellationToken => CancellationToken.None;

    public override string? SourceDirectory => _sourceDirectory;

    public override string? PipelineName => _pipelineName;

    public override void Write(OutputChannel channel, string text) => (channel == OutputChannel.Stdout ? Stdout : Stderr).Append(text);

    public override Value Invoke(Value callable, ReadOnlySpan<Value> args) =>
        callable.Kind == ValueKind.Builtin ? callable.As<Builtin>().Function(this, args) : throw new InvalidOperationException("not callable");

    /// <summary>Calls the registered builtin <paramref name="name"/>.</summary>
    public Value Call(string name, params Value[] args) =>
        _registry.TryGet(name, out var builtin) ? builtin.Function(this, args) : throw new InvalidOperationException("no builtin " + name);

    /// <summary>Calls a builtin and returns the display text of its result.</summary>
    public string Show(string name, params Value[] args) => ValueFormatter.Display(Call(name, args));

    public Value Method(Value receiver, string name, params Value[] args) => MethodDispatch.Invoke(this, receiver, name, args);

    /// <summary>A callable value from a C# function of one argument.</summary>
    public static Value Fn(Func<Value, Value> body) =>
        Value.FromObject(ValueKind.Builtin, new Builtin("fn", (_, args) => body(args.Length > 0 ? args[0] : Value.Nil)));

    public static Value Fn2(Func<Value, Value, Value> body) =>
        Value.FromObject(ValueKind.Builtin, new Builtin("fn2", (_, args) => body(args[0], args[1])));
}
