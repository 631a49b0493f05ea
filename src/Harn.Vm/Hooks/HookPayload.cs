using Harn.Runtime;

namespace Harn.Hooks;

/// <summary>Builds event payloads: dicts that carry the event's wire name under <c>event</c>.</summary>
internal static class HookPayload
{
    public static Value Of(HookEvent hookEvent, params KeyValuePair<string, Value>[] fields)
    {
        var entries = new List<KeyValuePair<string, Value>>(fields.Length + 1) { Field("event", Value.FromString(HookEvents.WireName(hookEvent))) };
        entries.AddRange(fields);
        return Value.FromDict(HarnDict.FromEntries(entries));
    }

    public static KeyValuePair<string, Value> Field(string name, Value value) => new(name, value);

    /// <summary>
    /// The payload after a Modify: a dict is merged over the current payload key by key (so a
    /// hook may return just the fields it changes); anything else replaces it.
    /// </summary>
    public static Value Merge(Value current, Value modification)
    {
        if (current.Kind != ValueKind.Dict || modification.Kind != ValueKind.Dict)
        {
            return modification;
        }

        var merged = current.AsDict;
        foreach (var (key, value) in modification.AsDict)
        {
            merged = merged.With(key, value);
        }

        return Value.FromDict(merged);
    }
}
