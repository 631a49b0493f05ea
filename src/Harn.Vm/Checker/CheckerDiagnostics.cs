using Harn.Hosting;
using Harn.Syntax;

namespace Harn.Checker;

/// <summary>Collects error diagnostics in source order, once per position and message.</summary>
internal sealed class CheckerDiagnostics(string? file)
{
    private readonly List<HarnDiagnostic> _items = [];
    private readonly HashSet<(int, int, string)> _seen = [];

    public void Report(Node at, string message)
    {
        if (_seen.Add((at.Span.Line, at.Span.Column, message)))
        {
            _items.Add(new HarnDiagnostic(message, at.Span.Line, at.Span.Column, file));
        }
    }

    public IReadOnlyList<HarnDiagnostic> ToList() =>
        _items.OrderBy(d => d.Line).ThenBy(d => d.Column).ToList();
}
