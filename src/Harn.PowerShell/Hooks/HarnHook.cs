using System.Management.Automation;
using Harn.Hooks;

namespace Harn.PowerShell.Hooks;

/// <summary>A ScriptBlock registered for a Harn lifecycle event (Register-HarnHook, or -Hook of one run).</summary>
public sealed class HarnHook
{
    private static int _lastId;

    internal HarnHook(HookEvent hookEvent, string pattern, ScriptBlock scriptBlock, string? name)
    {
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

    public override string ToString() => $"{Name} ({Event})";
}
