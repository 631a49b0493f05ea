using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Templates;

/// <summary>Renders parsed templates; includes resolve against the including file's directory.</summary>
internal sealed class TemplateRenderer
{
    private const int MaxIncludeDepth = 32;

    private readonly StringBuilder _output = new();
    private readonly List<string> _includeChain = new();

    /// <summary>Renders <paramref name="text"/> (named <paramref name="name"/> in errors) with <paramref name="bindings"/>.</summary>
    public static string Render(string text, string name, string? path, string directory, HarnDict bindings)
    {
        var renderer = new TemplateRenderer();
        if (path is not null)
        {
            renderer._includeChain.Add(Path.GetFullPath(path));
        }

        renderer.RenderNodes(TemplateParser.Parse(text, name), new TemplateScope(bindings), directory, name);
        return renderer._output.ToString();
    }

    private void RenderNodes(IReadOnlyList<TemplateNode> nodes, TemplateScope scope, string directory, string name)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    _output.Append(text.Text);
                    break;
                case OutputNode output:
                    RenderOutput(output, scope);
                    break;
                case IfNode branches:
                    RenderIf(branches, scope, directory, name);
                    break;
                case ForNode loop:
                    RenderFor(loop, scope, directory, name);
                    break;
                case IncludeNode include:
                    RenderInclude(include, scope, directory, name);
                    break;
            }
        }
    }

    /// <summary>A bare name that is not bound echoes its directive, as templates did before expressions existed.</summary>
    private void RenderOutput(OutputNode output, TemplateScope scope)
    {
        if (output.Expression.BareName is { } bare && !scope.TryGet(bare, out _))
        {
            _output.Append(output.Source);
            return;
        }

        var value = output.Expression.Evaluate(scope);
        if (!value.IsNil)
        {
            ValueFormatter.Append(_output, value);
        }
    }

    private void RenderIf(IfNode node, TemplateScope scope, string directory, string name)
    {
        foreach (var (condition, body) in node.Branches)
        {
            if (TemplateExpression.IsTruthy(condition.Evaluate(scope)))
            {
                RenderNodes(body, scope, directory, name);
                return;
            }
        }

        if (node.Otherwise is not null)
        {
            RenderNodes(node.Otherwise, scope, directory, name);
        }
    }

    private void RenderFor(ForNode loop, TemplateScope scope, string directory, string name)
    {
        var source = loop.Source.Evaluate(scope);
        var items = new List<(Value Key, Value Item)>();
        switch (source.Kind)
        {
            case ValueKind.Dict:
                foreach (var (key, value) in source.AsDict)
                {
                    items.Add(loop.KeyName is null
                        ? (Value.FromString(key), Value.FromDict(HarnDict.Empty.With("key", Value.FromString(key)).With("value", value)))
                        : (Value.FromString(key), value));
                }

                break;
            case ValueKind.String:
                items.AddRange(HarnIterator.StringChars(source.AsString).Select((c, i) => (Value.FromInt(i), c)));
                break;
            case ValueKind.List or ValueKind.Set:
                foreach (var item in Strings.ItemsOf(source))
                {
                    items.Add((Value.FromInt(items.Count), item));
                }

                break;
            case ValueKind.Range:
                {
                    var range = source.As<HarnRange>();
                    for (long i = 0; i < range.Length; i++)
                    {
                        items.Add((Value.FromInt(i), Value.FromInt(range.ElementAt(i))));
                    }

                    break;
                }
        }

        if (items.Count == 0)
        {
            if (loop.Otherwise is not null)
            {
                RenderNodes(loop.Otherwise, scope, directory, name);
            }

            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var inner = new TemplateScope(HarnDict.Empty, scope);
            if (loop.KeyName is not null)
            {
                inner.Set(loop.KeyName, items[i].Key);
            }

            inner.Set(loop.ValueName, items[i].Item);
            inner.Set("loop", Value.FromDict(HarnDict.Empty
                .With("index", Value.FromInt(i + 1))
                .With("index0", Value.FromInt(i))
                .With("first", Value.FromBool(i == 0))
                .With("last", Value.FromBool(i == items.Count - 1))
                .With("length", Value.FromInt(items.Count))));
            RenderNodes(loop.Body, inner, directory, name);
        }
    }

    private void RenderInclude(IncludeNode include, TemplateScope scope, string directory, string name)
    {
        var target = include.Path.Evaluate(scope);
        if (target.Kind != ValueKind.String)
        {
            throw TemplateError.At(name, include.Line, include.Column, "include path must be a string");
        }

        string path;
        try
        {
            path = RuntimePaths.ResolveFrom(directory, target.AsString);
        }
        catch (HarnRuntimeException error)
        {
            throw TemplateError.At(name, include.Line, include.Column, error.Detail);
        }

        if (_includeChain.Contains(path))
        {
            var chain = string.Join(" → ", _includeChain.Append(path).Select(Path.GetFileName));
            throw TemplateError.At(name, include.Line, include.Column, "circular include detected: " + chain);
        }

        if (_includeChain.Count >= MaxIncludeDepth)
        {
            throw TemplateError.At(name, include.Line, include.Column, $"include depth exceeds {MaxIncludeDepth}");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw TemplateError.At(name, include.Line, include.Column, $"failed to read included template {target.AsString}");
        }

        var inner = include.Bindings?.Evaluate(scope) is { Kind: ValueKind.Dict } bindings ? new TemplateScope(bindings.AsDict, scope) : scope;
        _includeChain.Add(path);
        RenderNodes(TemplateParser.Parse(text, target.AsString), inner, Path.GetDirectoryName(path)!, target.AsString);
        _includeChain.RemoveAt(_includeChain.Count - 1);
    }
}
