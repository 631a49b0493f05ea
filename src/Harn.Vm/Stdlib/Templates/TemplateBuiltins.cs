using Harn.Runtime;

namespace Harn.Stdlib.Templates;

/// <summary>
/// <c>render(path, bindings?)</c>, <c>render_prompt</c> (its alias) and <c>render_string(template, bindings?)</c>.
/// Paths resolve against the calling file's directory; <c>@/rel</c> against the project root.
/// </summary>
internal static class TemplateBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("render", (ctx, args) => RenderFile(ctx, args, "render"));
        registry.Register("render_prompt", (ctx, args) => RenderFile(ctx, args, "render_prompt"));
        registry.Register("render_string", RenderString);
    }

    private static Value RenderFile(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var relative = Args.String(args, 0, function);
        var path = RuntimePaths.Resolve(context, relative);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw RuntimeErrors.Runtime($"{function}: failed to read template {relative}: {error.Message}");
        }

        // Without bindings the file is returned as is.
        var bindings = Args.At(args, 1);
        if (bindings.IsNil)
        {
            return Value.FromString(text);
        }

        return Value.FromString(TemplateRenderer.Render(text, relative, path, Path.GetDirectoryName(path)!, BindingsOf(bindings, function)));
    }

    private static Value RenderString(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var text = Args.String(args, 0, "render_string");
        var directory = RuntimePaths.SourceDirectory(context);
        return Value.FromString(TemplateRenderer.Render(text, "<inline>", null, directory, BindingsOf(Args.At(args, 1), "render_string")));
    }

    private static HarnDict BindingsOf(Value value, string function) => value.Kind switch
    {
        ValueKind.Nil => HarnDict.Empty,
        ValueKind.Dict => value.AsDict,
        ValueKind.Struct => value.As<HarnStruct>().ToDict(),
        _ => throw Args.Expected(function, "a dict of bindings", value),
    };
}
