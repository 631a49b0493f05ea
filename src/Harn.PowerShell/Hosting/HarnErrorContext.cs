namespace Harn.PowerShell.Hosting;

/// <summary>What the module knows about a failed run beyond the exception, for choosing its ErrorId.</summary>
/// <param name="File">The source file, or null for source text.</param>
/// <param name="Target">The failing input (file path or source text) for compile and engine errors.</param>
/// <param name="TimedOut">The run was cancelled because it outlived -TimeoutSec.</param>
/// <param name="Stopped">The run was cancelled by Stop-HarnRun.</param>
/// <param name="HookFailed">The error is a PowerShell hook that threw.</param>
/// <param name="SourceText">The chunk's source text, for showing the failing line.</param>
internal sealed record HarnErrorContext(string? File, object Target, bool TimedOut, bool Stopped, bool HookFailed, string? SourceText);
