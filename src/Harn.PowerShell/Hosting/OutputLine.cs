using Harn.Hosting;

namespace Harn.PowerShell.Hosting;

/// <summary>One line of script output, without its line terminator.</summary>
public readonly record struct OutputLine(OutputChannel Channel, string Text);
