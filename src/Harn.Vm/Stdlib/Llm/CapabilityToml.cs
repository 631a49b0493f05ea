using System.Globalization;
using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// Reads capability overrides in the <c>capabilities.toml</c> layout: <c>[[provider.NAME]]</c>
/// (or <c>[[capabilities.provider.NAME]]</c>) tables of <c>key = value</c> lines whose values are
/// booleans, integers, strings or flat arrays of them.
/// </summary>
internal static class CapabilityToml
{
    public static List<(string Provider, CapabilityRule Rule)> Parse(string text)
    {
        var rules = new List<(string, CapabilityRule)>();
        string? provider = null;
        var fields = HarnDict.Empty;
        var lineNumber = 0;

        void Flush()
        {
            if (provider is null)
            {
                return;
            }

            var match = fields.GetString("model_match") ?? throw Error(lineNumber, $"[[provider.{provider}]] needs model_match");
            (int, int)? versionMin = fields.Get("version_min") is { Kind: ValueKind.List } version && version.AsList.Count == 2
                ? ((int)version.AsList[0].AsNumber, (int)version.AsList[1].AsNumber)
                : null;
            var own = fields.Without("model_match").Without("version_min");
            rules.Add((provider, new CapabilityRule(match, versionMin, own)));
        }

        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = StripComment(raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("[[", StringComparison.Ordinal) && line.EndsWith("]]", StringComparison.Ordinal))
            {
                Flush();
                var header = line[2..^2].Trim();
                if (header.StartsWith("capabilities.", StringComparison.Ordinal))
                {
                    header = header["capabilities.".Length..];
                }

                provider = header.StartsWith("provider.", StringComparison.Ordinal)
                    ? header["provider.".Length..].Trim('"')
                    : throw Error(lineNumber, $"expected [[provider.<name>]], got [[{header}]]");
                fields = HarnDict.Empty;
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || provider is null)
            {
                throw Error(lineNumber, "expected key = value inside a [[provider.<name>]] table");
            }

            fields = fields.With(line[..equals].Trim(), ParseValue(line[(equals + 1)..].Trim(), lineNumber));
        }

        Flush();
        return rules;
    }

    private static string StripComment(string line)
    {
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                inString = !inString;
            }
            else if (line[i] == '#' && !inString)
            {
                return line[..i];
            }
        }

        return line;
    }

    private static Value ParseValue(string text, int line)
    {
        if (text.StartsWith('[') && text.EndsWith(']'))
        {
            var inner = text[1..^1].Trim();
            return inner.Length == 0
                ? Value.FromList(HarnList.Empty)
                : HostValues.List(inner.Split(',').Select(item => item.Trim()).Where(item => item.Length > 0).Select(item => ParseValue(item, line)));
        }

        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            return Value.FromString(text[1..^1]);
        }

        return text switch
        {
            "true" => Value.True,
            "false" => Value.False,
            _ when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => Value.FromInt(number),
            _ => throw Error(line, $"unsupported value {text}"),
        };
    }

    private static HarnRuntimeException Error(int line, string message) =>
        RuntimeErrors.Thrown($"provider_capabilities_install: line {line.ToString(CultureInfo.InvariantCulture)}: {message}");
}
