using System.Management.Automation;
using Harn.Hooks;

namespace Harn.PowerShell.Hooks;

/// <summary>A ScriptBlock registered for a Harn lifecycle event (Register-HarnHook, or -Hook of one run).</summary>
public sealed class HarnHook
{
    private static int _lastId;

    /// <summary>How long a hook may run when its registration names no limit.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    internal HarnHook(HookEvent hookEvent, string pattern, ScriptBlock scriptBlock, string? name, TimeSpan? timeout = null)
    {
        Timeout = timeout ?? DefaultTimeout;
        Id = Interlocked.Increment(ref _lastId);
        Event = hookEvent;
        Pattern = pattern;
        ScriptBlock = scriptBlock;
        Name = string.IsNullOrEmpty(name) ? $"Hook{Id}" : name;
    }

    public int Id { get; }

    public string Name { get; }

    public HookEvent Event { get; }

    /// <summary>Selects payloads (<c>*</c>, a glob on <c>target</c> or <c>tool.name</c>, <c>path == value</c>, ...).</summary>
    public string Pattern { get; }

    public ScriptBlock ScriptBlock { get; }

    /// <summary>The hook deadline: a hook still running after it is stopped, and the run fails with a clear error.</summary>
    public TimeSpan Timeout { get; }

    public override string ToString() => $"{Name} ({Event})";
}
