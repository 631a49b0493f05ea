using Harn.Runtime;

namespace Harn.Hooks;

/// <summary>
/// What a hook asks of the operation it observes: carry on, block it, decide on it, or carry
/// on with a changed payload. <see cref="Parse"/> reads a hook's return value.
/// </summary>
public abstract record HookControl
{
    /// <summary>How deeply <c>then</c> actions may nest.</summary>
    private const int NestingLimit = 16;

    private HookControl() { }

    /// <summary>Proceed unchanged.</summary>
    public sealed record Allow : HookControl
    {
        public static readonly Allow Instance = new();
    }

    /// <summary>Stop the operation (where the event can be vetoed).</summary>
    public sealed record Block(string Reason) : HookControl;

    /// <summary>An explicit verdict, as permission events use.</summary>
    public sealed record Decision(HookDecision Verdict, string? Reason) : HookControl;

    /// <summary>Proceed with <paramref name="Payload"/> in place of the event's payload.</summary>
    public sealed record Modify(Value Payload) : HookControl;

    /// <summary>
    /// Reads a hook's return value: nil or true allow; false blocks; a dict with <c>decision</c>
    /// (allow, deny or ask, any case) decides, with a truthy <c>block</c> blocks, with <c>modify</c>
    /// modifies, with <c>then</c> nests the action; any other dict allows. Other values are an error.
    /// </summary>
    public static HookControl Parse(HookEvent hookEvent, Value result)
    {
        switch (result.Kind)
        {
            case ValueKind.Nil:
                return Allow.Instance;
            case ValueKind.Bool:
                return result.AsBool ? Allow.Instance : new Block($"{HookEvents.WireName(hookEvent)} hook returned false");
            case ValueKind.Dict:
                return ParseDict(hookEvent, result.AsDict, depth: 0);
            default:
                throw RuntimeErrors.Runtime($"{HookEvents.WireName(hookEvent)} hook must return nil, bool, or a control dict; got {TypeNames.Of(result)}");
        }
    }

    private static HookControl ParseDict(HookEvent hookEvent, HarnDict dict, int depth)
    {
        if (dict.TryGetValue("decision", out var decision))
        {
            return new Decision(ParseVerdict(hookEvent, decision), ReasonOf(dict));
        }

        if (dict.TryGetValue("block", out var block) && Truthiness.IsTruthy(block))
        {
            return new Block(ReasonOf(dict) ?? $"{HookEvents.WireName(hookEvent)} hook blocked the operation");
        }

        if (dict.TryGetValue("modify", out var modify))
        {
            return new Modify(modify);
        }

        // Reminder effects travel with an action in `then`; a runaway nesting is cut short.
        if (dict.TryGetValue("then", out var then) && then.Kind == ValueKind.Dict && depth < NestingLimit)
        {
            return ParseDict(hookEvent, then.AsDict, depth + 1);
        }

        return Allow.Instance;
    }

    private static HookDecision ParseVerdict(HookEvent hookEvent, Value decision)
    {
        var text = decision.Kind == ValueKind.String ? decision.AsString.ToLowerInvariant() : null;
        return text switch
        {
            "allow" => HookDecision.Allow,
            "deny" => HookDecision.Deny,
            "ask" => HookDecision.Ask,
            _ => throw RuntimeErrors.Runtime(
                $"{HookEvents.WireName(hookEvent)} hook decision must be allow, deny, or ask; got {ValueFormatter.Display(decision)}"),
        };
    }

    private static string? ReasonOf(HarnDict dict) =>
        dict.TryGetValue("reason", out var reason) && !reason.IsNil ? ValueFormatter.Display(reason) : null;
}
