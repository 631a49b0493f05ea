namespace Harn.PowerShell.Hosting;

/// <summary>How a pumped run ended.</summary>
internal enum RunOutcome
{
    Completed,
    Failed,

    /// <summary>The run was cancelled at the consumer's request; nothing more is written for it.</summary>
    Stopped,
}
