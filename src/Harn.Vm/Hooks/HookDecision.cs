namespace Harn.Hooks;

/// <summary>The verdict of a <see cref="HookControl.Decision"/>.</summary>
public enum HookDecision
{
    Allow,
    Deny,
    Ask,
}
