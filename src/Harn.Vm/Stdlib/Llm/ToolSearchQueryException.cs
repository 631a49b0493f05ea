namespace Harn.Stdlib.Llm;

/// <summary>A query the strategy cannot run (a malformed regex, say); the model is told why instead of the loop failing.</summary>
internal sealed class ToolSearchQueryException(string message) : Exception(message);
