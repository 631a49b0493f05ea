namespace Harn.Syntax;

/// <summary>
/// One lexed token. <see cref="Text"/> is the source text, except for strings where it is the
/// processed value. Numbers carry their value in <see cref="IntValue"/> / <see cref="FloatValue"/>
/// (durations in milliseconds); interpolated strings carry their <see cref="Segments"/>.
/// </summary>
public sealed class Token
{
    public Token(TokenKind kind, string text, Span span)
    {
        Kind = kind;
        Text = text;
        Span = span;
    }

    public TokenKind Kind { get; }

    public string Text { get; }

    public Span Span { get; }

    public long IntValue { get; init; }

    public double FloatValue { get; init; }

    public IReadOnlyList<StringSegment>? Segments { get; init; }

    public override string ToString() => $"{Kind} '{Text}' {Span.Line}:{Span.Column}";
}

/// <summary>
/// A piece of an interpolated string: literal text, or the source range of a `${...}` expression
/// (<see cref="Span"/> locates that source inside the file so it can be parsed in place).
/// </summary>
public readonly record struct StringSegment(bool IsExpression, string Text, Span Span);
