using System.Collections;
using System.Management.Automation;
using Harn.Hooks;

namespace Harn.PowerShell.Hooks;

/// <summary>Reads hook arguments of the cmdlets: event names and -Hook tables.</summary>
internal static class HookArguments
{
    /// <summary>The event named <paramref name="name"/> (PascalCase or snake_case), or an error record saying it is unknown.</summary>
    public static bool TryParseEvent(string name, out HookEvent hookEvent, out ErrorRecord? error)
    {
        if (HookEvents.TryParse(name, out hookEvent))
        {
            error = null;
            return true;
        }

        error = new ErrorRecord(
            new ArgumentException($"'{name}' is not a Harn hook event. Valid events: {string.Join(", ", HookEvents.All.Select(HookEvents.WireName))}."),
            ErrorIds.HarnHookEventUnknown,
            ErrorCategory.InvalidArgument,
            name);
        return false;
    }

    /// <summary>
    /// The hooks of a -Hook argument: a table of event name to ScriptBlock (or to a list of
    /// ScriptBlocks), each matching every payload. Returns the error record of the first bad entry.
    /// </summary>
    public static IReadOnlyList<HarnHook> FromTable(IDictionary? table, out ErrorRecord? error)
    {
        error = null;
        var hooks = new List<HarnHook>();
        if (table is null)
        {
            return hooks;
        }

        foreach (DictionaryEntry entry in table)
        {
            if (!TryParseEvent(entry.Key?.ToString() ?? "", out var hookEvent, out error))
            {
                return hooks;
            }

            var blocks = LanguagePrimitives.GetEnumerable(entry.Value) is { } many ? many.Cast<object?>() : [entry.Value];
            foreach (var block in blocks)
            {
                if ((block is PSObject wrapped ? wrapped.BaseObject : block) is not ScriptBlock scriptBlock)
                {
                    error = new ErrorRecord(
                        new ArgumentException($"The -Hook entry for {hookEvent} must be a ScriptBlock."),
                        ErrorIds.HarnParameterInvalid,
                        ErrorCategory.InvalidArgument,
                        entry.Value);
                    return hooks;
                }

                hooks.Add(new HarnHook(hookEvent, "*", scriptBlock, null));
            }
        }

        return hooks;
    }
}
