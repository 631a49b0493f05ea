using System.Collections.Frozen;
using System.Text;

namespace Harn.Hooks;

/// <summary>Names, families and veto rules of the <see cref="HookEvent"/>s.</summary>
public static class HookEvents
{
    private static readonly FrozenDictionary<string, HookEvent> ByName = BuildNames();

    /// <summary>Every event, in declaration order.</summary>
    public static IReadOnlyList<HookEvent> All { get; } = Enum.GetValues<HookEvent>();

    /// <summary>The PascalCase wire name (<c>PreFinish</c>).</summary>
    public static string WireName(HookEvent hookEvent) => hookEvent.ToString();

    /// <summary>The snake_case spelling (<c>pre_finish</c>).</summary>
    public static string SnakeName(HookEvent hookEvent)
    {
        var name = hookEvent.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    /// <summary>
    /// Parses a wire name: PascalCase (<c>PreFinish</c>) or snake_case (<c>pre_finish</c>), plus
    /// the alias <c>error</c> for <see cref="HookEvent.SessionError"/>. Case-sensitive like upstream.
    /// </summary>
    public static bool TryParse(string? name, out HookEvent hookEvent) => ByName.TryGetValue(name ?? "", out hookEvent);

    public static HookEventKind KindOf(HookEvent hookEvent) => hookEvent switch
    {
        HookEvent.PreToolUse or HookEvent.PostToolUse => HookEventKind.Tool,
        HookEvent.PreAgentTurn or HookEvent.PostAgentTurn => HookEventKind.AgentTurn,
        >= HookEvent.WorkerSpawned and <= HookEvent.WorkerCancelled => HookEventKind.Worker,
        HookEvent.PreStep or HookEvent.PostStep => HookEventKind.Step,
        >= HookEvent.OnBudgetThreshold and <= HookEvent.OnPersonaResumed => HookEventKind.Notification,
        _ => HookEventKind.Session,
    };

    private static FrozenDictionary<string, HookEvent> BuildNames()
    {
        var names = new Dictionary<string, HookEvent>(StringComparer.Ordinal);
        foreach (var hookEvent in Enum.GetValues<HookEvent>())
        {
            names[WireName(hookEvent)] = hookEvent;
            names[SnakeName(hookEvent)] = hookEvent;
        }

        names["error"] = HookEvent.SessionError;
        return names.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
