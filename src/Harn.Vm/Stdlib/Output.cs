using Harn.Hosting;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary><c>log</c>, <c>print</c>, <c>println</c>, <c>eprint</c>, <c>eprintln</c>.</summary>
internal static class Output
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("log", Log);
        registry.Register("print", (ctx, args) => Write(ctx, OutputChannel.Stdout, args, string.Empty));
        registry.Register("println", (ctx, args) => Write(ctx, OutputChannel.Stdout, args, "\n"));
        registry.Register("eprint", (ctx, args) => Write(ctx, OutputChannel.Stderr, args, string.Empty));
        registry.Register("eprintln", (ctx, args) => Write(ctx, OutputChannel.Stderr, args, "\n"));
    }

    /// <summary>Only the first argument is printed, as upstream does.</summary>
    private static Value Log(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        context.Write(OutputChannel.Stdout, "[harn] " + FirstText(args) + "\n");
        return Value.Nil;
    }

    private static Value Write(BuiltinContext context, OutputChannel channel, ReadOnlySpan<Value> args, string suffix)
    {
        context.Write(channel, FirstText(args) + suffix);
        return Value.Nil;
    }

    private static string FirstText(ReadOnlySpan<Value> args) => args.Length == 0 ? string.Empty : ValueFormatter.Display(args[0]);
}
