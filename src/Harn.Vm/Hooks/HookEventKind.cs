namespace Harn.Hooks;

/// <summary>The family a <see cref="HookEvent"/> belongs to.</summary>
public enum HookEventKind
{
    Tool,
    AgentTurn,
    Worker,
    Step,
    Notification,
    Session,
}
