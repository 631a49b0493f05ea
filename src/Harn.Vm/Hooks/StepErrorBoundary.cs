namespace Harn.Hooks;

/// <summary>What a step does when its budget is exhausted (<c>@step(error_boundary: ...)</c>).</summary>
public enum StepErrorBoundary
{
    /// <summary>The budget error propagates unchanged (the default).</summary>
    Fail,

    /// <summary>The step returns nil as if it had finished.</summary>
    Continue,

    /// <summary>The error propagates re-tagged as a handoff escalation.</summary>
    Escalate,
}
