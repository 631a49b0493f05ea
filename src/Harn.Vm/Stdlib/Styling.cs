using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>ANSI styling: <c>color</c>, <c>bold</c>, <c>dim</c>, and <c>set_color_mode</c> ("auto", "always", "never").</summary>
internal static class Styling
{
    private const string Reset = "\u001b[0m";

    private static readonly RunLocal<ColorMode> Modes = new(() => new ColorMode());

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("color", (ctx, args) => Style(ctx, args, ColorCode(Args.OptionalString(args, 1, "color", "default"))));
        registry.Register("bold", (ctx, args) => Style(ctx, args, "1"));
        registry.Register("dim", (ctx, args) => Style(ctx, args, "2"));
        registry.Register("set_color_mode", SetColorMode);
    }

    private static Value SetColorMode(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var mode = Args.String(args, 0, "set_color_mode");
        if (mode is not ("auto" or "always" or "never"))
        {
            throw RuntimeErrors.Runtime($"set_color_mode: expected \"auto\", \"always\" or \"never\", got \"{mode}\"");
        }

        Modes.Get(context).Mode = mode;
        return Value.Nil;
    }

    /// <summary>Output is captured rather than shown on a terminal, so "auto" means no color.</summary>
    private static Value Style(BuiltinContext context, ReadOnlySpan<Value> args, string? code)
    {
        var text = ValueFormatter.Display(Args.At(args, 0));
        return Value.FromString(code is not null && Modes.Get(context).Mode == "always" ? $"\u001b[{code}m{text}{Reset}" : text);
    }

    private static string? ColorCode(string name) => name.ToLowerInvariant() switch
    {
        "black" => "30",
        "red" => "31",
        "green" => "32",
        "yellow" => "33",
        "blue" => "34",
        "magenta" or "purple" => "35",
        "cyan" => "36",
        "white" => "37",
        "gray" or "grey" or "bright_black" => "90",
        _ => null,
    };

    private sealed class ColorMode
    {
        public string Mode { get; set; } = "auto";
    }
}
