using System.Globalization;
using System.Text.RegularExpressions;
using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// <c>structural_experiment</c>: a prompt-structure transform applied just before the provider
/// call. Built-ins: <c>prompt_order_permutation(seed: N)</c>, <c>doubled_prompt</c>,
/// <c>chain_of_draft</c>, <c>inverted_system</c>; custom ones are closures (or
/// <c>std/experiments.custom</c> specs) that rewrite <c>{messages, system, args}</c>. The option
/// may be a spec string, a spec dict or a closure; <c>HARN_STRUCTURAL_EXPERIMENT</c> supplies a default.
/// </summary>
internal static partial class StructuralExperiments
{
    private const string DraftInstruction =
        "\n\nThink step by step, but keep only a minimal draft of each step (five words at most) inside <draft>...</draft>. Then give the final answer after ####.";

    /// <summary>The transformed request and the experiment's description, or the request unchanged and null.</summary>
    public static (LlmRequest Request, HarnDict? Metadata) Apply(BuiltinContext context, LlmRequest request)
    {
        var option = request.Options.Get("structural_experiment", Value.Nil);
        if (option.IsNil && Environment.GetEnvironmentVariable("HARN_STRUCTURAL_EXPERIMENT") is { Length: > 0 } fromEnv)
        {
            option = Value.FromString(fromEnv);
        }

        if (option.IsNil)
        {
            return (request, null);
        }

        var (name, label, args, transform) = Spec(option);
        var messages = request.Messages.ToList();
        var system = request.System;
        HarnDict? extra = null;
        var latest = messages.FindLastIndex(m => m.GetString("role") == "user" && m.Get("content").Kind == ValueKind.String);
        string Latest() => messages[latest].GetString("content")!;
        HarnDict WithContent(string content) => messages[latest].With("content", Value.FromString(content));
        switch (name)
        {
            case "prompt_order_permutation" when latest >= 0:
                messages[latest] = WithContent(Permute(Latest(), args.GetInt("seed") ?? 0));
                break;
            case "doubled_prompt" when latest >= 0:
                messages.Insert(0, messages[latest]);
                messages.Add(messages[latest + 1]);
                break;
            case "chain_of_draft" when latest >= 0:
                messages[latest] = WithContent(Latest() + DraftInstruction);
                break;
            case "inverted_system" when latest >= 0:
                var user = Latest();
                messages[latest] = WithContent(system ?? string.Empty);
                system = user;
                break;
            case "custom":
                var input = HarnDict.Empty
                    .With("messages", HostValues.List(messages.Select(Value.FromDict)))
                    .With("system", system is null ? Value.Nil : Value.FromString(system))
                    .With("args", Value.FromDict(args));
                var answer = context.Invoke(transform, [Value.FromDict(input)]);
                var rewritten = answer.Kind == ValueKind.List ? answer : answer.Kind == ValueKind.Dict ? answer.AsDict.Get("messages") : Value.Nil;
                if (rewritten.Kind == ValueKind.List)
                {
                    messages = rewritten.AsList.Where(m => m.Kind == ValueKind.Dict).Select(m => m.AsDict).ToList();
                }

                if (answer.Kind == ValueKind.Dict && answer.AsDict.TryGetValue("system", out var newSystem))
                {
                    system = newSystem.Kind == ValueKind.String ? newSystem.AsString : null;
                }

                extra = answer.Kind == ValueKind.Dict ? answer.AsDict.GetDict("metadata") : null;
                break;
            case "prompt_order_permutation" or "doubled_prompt" or "chain_of_draft" or "inverted_system":
                break;
            default:
                throw RuntimeErrors.Thrown($"structural_experiment: unknown experiment \"{name}\"; expected prompt_order_permutation, doubled_prompt, chain_of_draft, inverted_system or a custom transform");
        }

        var metadata = HarnDict.Empty
            .With("name", Value.FromString(name))
            .With("label", Value.FromString(label))
            .With("args", Value.FromDict(args));
        if (extra is not null)
        {
            metadata = metadata.With("metadata", Value.FromDict(extra));
        }

        return (request with { Messages = messages, System = system }, metadata);
    }

    private static (string Name, string Label, HarnDict Args, Value Transform) Spec(Value option)
    {
        if (Args.IsCallable(option))
        {
            return ("custom", "custom", HarnDict.Empty, option);
        }

        if (option.Kind == ValueKind.Dict)
        {
            var spec = option.AsDict;
            var name = spec.GetString("name") ?? "custom";
            return (name, spec.GetString("label") ?? name, spec.GetDict("args") ?? HarnDict.Empty, spec.Get("transform"));
        }

        if (option.Kind != ValueKind.String || SpecText().Match(option.AsString.Trim()) is not { Success: true } match)
        {
            throw RuntimeErrors.Thrown("structural_experiment: expected a name like \"doubled_prompt\" or \"prompt_order_permutation(seed: 42)\", a spec dict or a closure");
        }

        var args = HarnDict.Empty;
        foreach (Match pair in ArgPair().Matches(match.Groups[2].Value))
        {
            var raw = pair.Groups[2].Value.Trim().Trim('"');
            args = args.With(pair.Groups[1].Value, long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? Value.FromInt(number) : Value.FromString(raw));
        }

        return (match.Groups[1].Value, match.Groups[1].Value, args, Value.Nil);
    }

    /// <summary>Reorders the blank-line-separated sections with a seeded shuffle; never returns the original order when it can differ.</summary>
    private static string Permute(string prompt, long seed)
    {
        var sections = prompt.Split("\n\n").ToList();
        if (sections.Count < 2)
        {
            return prompt;
        }

        var random = new Random(unchecked((int)seed));
        var order = sections.OrderBy(_ => random.Next()).ToList();
        if (order.SequenceEqual(sections))
        {
            order.Add(order[0]);
            order.RemoveAt(0);
        }

        return string.Join("\n\n", order);
    }

    [GeneratedRegex(@"^([a-z_]+)\s*(?:\((.*)\))?$", RegexOptions.Singleline)]
    private static partial Regex SpecText();

    [GeneratedRegex(@"([a-z_]+)\s*:\s*([^,]+)")]
    private static partial Regex ArgPair();
}
