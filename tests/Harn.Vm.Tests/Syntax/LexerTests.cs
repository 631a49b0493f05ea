using Harn.Syntax;
using Xunit;

namespace Harn.Vm.Tests.Syntax;

public sealed class LexerTests
{
    private static List<Token> Lex(string source)
    {
        var result = Lexer.Lex(source);
        Assert.Empty(result.Diagnostics);
        return result.Tokens.ToList();
    }

    private static string Kinds(string source) =>
        string.Join(' ', Lex(source).Select(t => t.Kind.ToString()));

    private static string LexError(string source)
    {
        var result = Lexer.Lex(source);
        var diagnostic = Assert.Single(result.Diagnostics);
        return $"{diagnostic.Line}:{diagnostic.Column} {diagnostic.Message}";
    }

    [Fact]
    public void Integer_followed_by_dot_and_name_is_a_method_call_not_a_float()
    {
        Assert.Equal("Int Dot Identifier Eof", Kinds("42.method"));
        var tokens = Lex("3.25 7");
        Assert.Equal(TokenKind.Float, tokens[0].Kind);
        Assert.Equal(3.25, tokens[0].FloatValue);
        Assert.Equal(7, tokens[1].IntValue);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("2w", 1_209_600_000)]
    public void Duration_literals_are_milliseconds(string source, long milliseconds)
    {
        var token = Lex(source)[0];
        Assert.Equal(TokenKind.Duration, token.Kind);
        Assert.Equal(milliseconds, token.IntValue);
    }

    [Fact]
    public void A_unit_letter_followed_by_more_letters_is_not_a_duration()
    {
        Assert.Equal("Int Identifier Eof", Kinds("5min"));
        Assert.Equal("Int Identifier Eof", Kinds("3ms2"));
    }

    [Fact]
    public void String_escapes_are_processed_and_unknown_escapes_keep_the_backslash()
    {
        var token = Lex("\"a\\n\\t\\\\\\\"\\$x\\q\"")[0];
        Assert.Equal(TokenKind.String, token.Kind);
        Assert.Equal("a\n\t\\\"$x\\q", token.Text);
    }

    [Fact]
    public void Interpolation_segments_keep_the_expression_source_and_its_position()
    {
        var token = Lex("  \"a${x + 1}b${join(xs, \" \")}\"")[0];
        Assert.Equal(TokenKind.InterpolatedString, token.Kind);
        var segments = token.Segments!;
        Assert.Equal(["a", "x + 1", "b", "join(xs, \" \")"], segments.Select(s => s.Text));
        Assert.Equal([false, true, false, true], segments.Select(s => s.IsExpression));
        Assert.Equal((1, 7), (segments[1].Span.Line, segments[1].Span.Column));
    }

    [Fact]
    public void Escaped_dollar_does_not_interpolate()
    {
        var token = Lex("\"cost \\${x}\"")[0];
        Assert.Equal(TokenKind.String, token.Kind);
        Assert.Equal("cost ${x}", token.Text);
    }

    [Fact]
    public void Raw_strings_take_backslashes_and_dollars_literally()
    {
        var token = Lex("r\"\\d+\\.${x}\"")[0];
        Assert.Equal(TokenKind.String, token.Kind);
        Assert.Equal("\\d+\\.${x}", token.Text);
    }

    [Fact]
    public void Multi_line_strings_strip_common_indentation_and_the_closing_line()
    {
        var token = Lex("let s = \"\"\"\n    hello\n      world\n    \"\"\"")[3];
        Assert.Equal(TokenKind.String, token.Kind);
        Assert.Equal("hello\n  world", token.Text);
    }

    [Fact]
    public void Multi_line_strings_interpolate_after_stripping_indentation()
    {
        var token = Lex("\"\"\"\n  sum: ${a + b}\n  done\n  \"\"\"")[0];
        Assert.Equal(TokenKind.InterpolatedString, token.Kind);
        Assert.Equal(["sum: ", "a + b", "\ndone"], token.Segments!.Select(s => s.Text));
    }

    [Fact]
    public void Comments_nest_and_newlines_stay_significant()
    {
        Assert.Equal("Identifier Newline Identifier Eof", Kinds("a /* x /* y */ z */ // tail\nb"));
        Assert.Equal("Identifier Eof", Kinds("/** doc comment */ a"));
    }

    [Fact]
    public void Backslash_newline_joins_lines()
    {
        Assert.Equal("Int Plus Int Eof", Kinds("1 + \\\n  2"));
    }

    [Fact]
    public void Shebang_line_is_skipped()
    {
        Assert.Equal("Newline Identifier Eof", Kinds("#!/usr/bin/env harn\nx"));
    }

    [Fact]
    public void Longest_operators_win()
    {
        Assert.Equal(
            "QuestionDot QuestionBracket QuestionQuestion PipeGreater Ellipsis Arrow StarStar LessEqual BangEqual PercentAssign Question Bar Eof",
            Kinds("?. ?[ ?? |> ... -> ** <= != %= ? |"));
    }

    [Fact]
    public void Reserved_words_are_keywords_and_contextual_words_are_identifiers()
    {
        Assert.Equal("Let Identifier Identifier Identifier Identifier EvalPack Each Eof", Kinds("let with timeout default gen eval_pack each"));
    }

    [Fact]
    public void Token_positions_are_one_based()
    {
        var tokens = Lex("let x\n  = 1");
        Assert.Equal((1, 5), (tokens[1].Span.Line, tokens[1].Span.Column));
        Assert.Equal((2, 3), (tokens[3].Span.Line, tokens[3].Span.Column));
    }

    [Fact]
    public void Unexpected_character_reports_upstream_text()
    {
        Assert.Equal("2:11 Unexpected character '`' at 2:11", LexError("pipeline test(task) {\n  let x = `\n}"));
    }

    [Fact]
    public void Unterminated_string_reports_the_opening_quote()
    {
        Assert.Equal("2:11 Unterminated string at 2:11", LexError("pipeline test(task) {\n  let x = \"unterminated\n}"));
    }

    [Fact]
    public void Unterminated_block_comment_is_an_error()
    {
        Assert.Equal("1:3 Unterminated block comment at 1:3", LexError("x /* a /* b */"));
    }

    [Fact]
    public void Unterminated_interpolation_and_multi_line_string_are_errors()
    {
        Assert.Equal("1:1 Unterminated string at 1:1", LexError("\"a ${b\""));
        Assert.Equal("1:1 Unterminated multi-line string at 1:1", LexError("\"\"\"\nabc"));
    }

    [Fact]
    public void Deeply_nested_interpolations_are_rejected_without_crashing()
    {
        string source = string.Concat(Enumerable.Repeat("\"${", 10_000)) + "x" + string.Concat(Enumerable.Repeat("}\"", 10_000));
        Assert.Contains("String interpolation nested too deeply", LexError(source));
    }
}
