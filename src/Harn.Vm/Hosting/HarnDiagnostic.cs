namespace Harn.Hosting;

/// <summary>A compile-time problem with its position. <see cref="Message"/> is upstream's text.</summary>
public sealed record HarnDiagnostic(string Message, int Line, int Column, string? File);
