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
        registry.Register("progress", Progress);
    }

    private static readonly string[] SpinnerFrames = ["|", "/", "-", "\\"];

    /// <summary>
    /// <c>progress(phase, message, progress?, total?)</c> writes <c>[phase] message</c> plus
    /// <c>(n%)</c> or <c>(n/total)</c>; an options dict selects a spinner or bar rendering.
    /// </summary>
    private static Value Progress(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var phase = ValueFormatter.Display(Args.At(args, 0));
        var message = ValueFormatter.Display(Args.At(args, 1));
        var third = Args.At(args, 2);
        var fourth = Args.At(args, 3);
        var line = $"[{phase}] {message}";
        if (third.Kind == ValueKind.Dict)
        {
            var options = third.AsDict;
            switch (ValueFormatter.Display(options.Get("mode")))
            {
                case "spinner":
                    {
                        var step = options.Get("step");
                        var frame = SpinnerFrames[(int)(((step.Kind == ValueKind.Int ? step.AsInt : 0) % 4 + 4) % 4)];
                        line = $"[{phase}] {frame} {message}";
                        break;
                    }

                case "bar":
                    line = $"[{phase}] {Bar(options)} {message} ({ValueFormatter.Display(options.Get("current"))}/{ValueFormatter.Display(options.Get("total"))})";
                    break;
            }
        }
        else if (third.IsNumber && fourth.IsNumber)
        {
            line += $" ({ValueFormatter.Display(third)}/{ValueFormatter.Display(fourth)})";
        }
        else if (third.IsNumber)
        {
            line += $" ({ValueFormatter.Display(third)}%)";
        }

        context.Write(OutputChannel.Stdout, line + "\n");
        return Value.Nil;
    }

    private static string Bar(HarnDict options)
    {
        var width = options.Get("width") is { Kind: ValueKind.Int } w ? (int)Math.Clamp(w.AsInt, 1, 200) : 20;
        var current = options.Get("current");
        var total = options.Get("total");
        var fraction = current.IsNumber && total.IsNumber && total.AsNumber > 0 ? Math.Clamp(current.AsNumber / total.AsNumber, 0, 1) : 0;
        var filled = (int)Math.Round(fraction * width, MidpointRounding.AwayFromZero);
        return "[" + new string('#', filled) + new string('-', width - filled) + "]";
    }

    /// <summary>Only the first argument is printed, as upstream does.</summary>
    private static Value Log(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        context.Write(OutputChannel.Stdout, "[harn] " + FirstText(args) + "\n");
        return Value.Nil;
    }

    private static Value Write(BuiltinContext context, OutputChannel channel, ReadOnlySpan<Value> args, string suffix)
    {
        var text = FirstText(args) + suffix;
        if (channel == OutputChannel.Stderr && Host.StandardStreams.TryCapture(context, text))
        {
            return Value.Nil;
        }

        context.Write(channel, text);
        return Value.Nil;
    }

    private static string FirstText(ReadOnlySpan<Value> args) => args.Length == 0 ? string.Empty : ValueFormatter.Display(args[0]);
}
