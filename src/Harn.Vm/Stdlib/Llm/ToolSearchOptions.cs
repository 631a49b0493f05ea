using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// The <c>tool_search</c> option of <c>llm_call</c> / <c>agent_loop</c> after parsing (the Tool
/// Vault): <c>true</c>, a variant string (<c>"bm25"</c>, <c>"regex"</c>) or a dict
/// <c>{variant, mode, strategy, always_loaded, budget_tokens, name, include_stub_listing}</c>.
/// <c>false</c>, nil or an absent option turn progressive disclosure off.
/// </summary>
internal sealed class ToolSearchOptions
{
    /// <summary>The synthetic tool the client-executed path offers when no <c>name</c> is given.</summary>
    public const string DefaultToolName = "__harn_tool_search";

    private static readonly string[] Variants = ["bm25", "regex"];
    private static readonly string[] Modes = ["auto", "native", "client"];
    private static readonly string[] Strategies = ["bm25", "regex", "semantic", "host"];

    /// <summary><c>bm25</c> (natural-language queries) or <c>regex</c>: the native meta-tool flavour.</summary>
    public required string Variant { get; init; }

    /// <summary><c>auto</c>, <c>native</c> or <c>client</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>What the client-executed path runs: <c>bm25</c>, <c>regex</c>, <c>semantic</c> or <c>host</c>; defaults to the variant.</summary>
    public required string Strategy { get; init; }

    /// <summary>Tool names kept eager even when their registry entry says <c>defer_loading: true</c>.</summary>
    public IReadOnlySet<string> AlwaysLoaded { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Soft cap on the estimated tokens of the promoted schemas; the oldest promotions go first.</summary>
    public long? BudgetTokens { get; init; }

    /// <summary>The name of the synthetic search tool on the client path.</summary>
    public string ToolName { get; init; } = DefaultToolName;

    /// <summary>Lists the deferred tools' names and first description lines in the system prompt.</summary>
    public bool IncludeStubListing { get; init; }

    /// <summary>The parsed option of <paramref name="options"/>, or null when tool search is off.</summary>
    public static ToolSearchOptions? From(HarnDict options, string function)
    {
        var value = options.Get("tool_search", Value.Nil);
        return value.Kind switch
        {
            ValueKind.Nil => null,
            ValueKind.Bool => value.AsBool ? Create("bm25") : null,
            ValueKind.String => Create(Check(value.AsString, Variants, function, "variant")),
            ValueKind.Dict => FromDict(value.AsDict, function),
            _ => throw RuntimeErrors.Thrown($"{function}: `tool_search` must be a bool, \"bm25\", \"regex\" or a dict, got {ValueFormatter.Display(value)}"),
        };
    }

    private static ToolSearchOptions FromDict(HarnDict dict, string function)
    {
        var variant = Check(StringField(dict, "variant", function) ?? "bm25", Variants, function, "variant");
        var mode = Check(StringField(dict, "mode", function) ?? "auto", Modes, function, "mode");
        var strategy = StringField(dict, "strategy", function) is { } given ? Check(given, Strategies, function, "strategy") : null;
        var name = StringField(dict, "name", function);
        if (name is { Length: 0 })
        {
            throw RuntimeErrors.Thrown($"{function}: `tool_search.name` must not be empty");
        }

        var budget = dict.Get("budget_tokens", Value.Nil);
        if (!budget.IsNil && (budget.Kind != ValueKind.Int || budget.AsInt < 0))
        {
            throw RuntimeErrors.Thrown($"{function}: `tool_search.budget_tokens` must be a non-negative int, got {ValueFormatter.Display(budget)}");
        }

        var always = new HashSet<string>(StringComparer.Ordinal);
        var pinned = dict.Get("always_loaded", Value.Nil);
        if (!pinned.IsNil)
        {
            if (pinned.Kind != ValueKind.List || pinned.AsList.Any(item => item.Kind != ValueKind.String))
            {
                throw RuntimeErrors.Thrown($"{function}: `tool_search.always_loaded` must be a list of tool names");
            }

            always.UnionWith(pinned.AsList.Select(item => item.AsString));
        }

        var stubs = dict.Get("include_stub_listing", Value.Nil);
        if (!stubs.IsNil && stubs.Kind != ValueKind.Bool)
        {
            throw RuntimeErrors.Thrown($"{function}: `tool_search.include_stub_listing` must be a bool");
        }

        return new ToolSearchOptions
        {
            Variant = variant,
            Mode = mode,
            Strategy = strategy ?? variant,
            AlwaysLoaded = always,
            BudgetTokens = budget.IsNil ? null : budget.AsInt,
            ToolName = name ?? DefaultToolName,
            IncludeStubListing = !stubs.IsNil && stubs.AsBool,
        };
    }

    private static ToolSearchOptions Create(string variant) => new() { Variant = variant, Mode = "auto", Strategy = variant };

    private static string? StringField(HarnDict dict, string key, string function)
    {
        var value = dict.Get(key, Value.Nil);
        return value.Kind switch
        {
            ValueKind.Nil => null,
            ValueKind.String => value.AsString,
            _ => throw RuntimeErrors.Thrown($"{function}: `tool_search.{key}` must be a string, got {ValueFormatter.Display(value)}"),
        };
    }

    private static string Check(string value, string[] allowed, string function, string field) =>
        allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw RuntimeErrors.Thrown($"{function}: unknown `tool_search` {field} \"{value}\"; expected one of {string.Join(", ", allowed.Select(a => "\"" + a + "\""))}");
}
