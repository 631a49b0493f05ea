namespace Harn.Syntax;

/// <summary>The reserved words and their token kinds. Contextual words (with, timeout, gen, ...) are identifiers.</summary>
public static class Keywords
{
    private static readonly Dictionary<string, TokenKind> ByText = new(StringComparer.Ordinal)
    {
        ["pipeline"] = TokenKind.Pipeline,
        ["extends"] = TokenKind.Extends,
        ["override"] = TokenKind.Override,
        ["let"] = TokenKind.Let,
        ["var"] = TokenKind.Var,
        ["if"] = TokenKind.If,
        ["else"] = TokenKind.Else,
        ["for"] = TokenKind.For,
        ["in"] = TokenKind.In,
        ["match"] = TokenKind.Match,
        ["retry"] = TokenKind.Retry,
        ["parallel"] = TokenKind.Parallel,
        ["defer"] = TokenKind.Defer,
        ["return"] = TokenKind.Return,
        ["import"] = TokenKind.Import,
        ["true"] = TokenKind.True,
        ["false"] = TokenKind.False,
        ["nil"] = TokenKind.Nil,
        ["try"] = TokenKind.Try,
        ["catch"] = TokenKind.Catch,
        ["throw"] = TokenKind.Throw,
        ["finally"] = TokenKind.Finally,
        ["fn"] = TokenKind.Fn,
        ["emit"] = TokenKind.Emit,
        ["spawn"] = TokenKind.Spawn,
        ["while"] = TokenKind.While,
        ["type"] = TokenKind.Type,
        ["enum"] = TokenKind.Enum,
        ["eval_pack"] = TokenKind.EvalPack,
        ["struct"] = TokenKind.Struct,
        ["interface"] = TokenKind.Interface,
        ["pub"] = TokenKind.Pub,
        ["from"] = TokenKind.From,
        ["to"] = TokenKind.To,
        ["tool"] = TokenKind.Tool,
        ["exclusive"] = TokenKind.Exclusive,
        ["guard"] = TokenKind.Guard,
        ["require"] = TokenKind.Require,
        ["each"] = TokenKind.Each,
        ["settle"] = TokenKind.Settle,
        ["deadline"] = TokenKind.Deadline,
        ["yield"] = TokenKind.Yield,
        ["mutex"] = TokenKind.Mutex,
        ["break"] = TokenKind.Break,
        ["continue"] = TokenKind.Continue,
        ["select"] = TokenKind.Select,
        ["impl"] = TokenKind.Impl,
    };

    public static bool TryGet(string text, out TokenKind kind) => ByText.TryGetValue(text, out kind);

    /// <summary>True for reserved words, which may still be used as property names and dict keys.</summary>
    public static bool IsKeyword(TokenKind kind) => kind >= TokenKind.Pipeline && kind <= TokenKind.Impl;
}
