using Harn.Runtime;
using Harn.Stdlib;
using Harn.Stdlib.Llm;
using Xunit;

namespace Harn.Vm.Tests.Llm;

/// <summary>JSON extraction, text tool calls, provider selection and the capability matrix.</summary>
public sealed class LlmParsingTests
{
    [Theory]
    [InlineData("{\"a\": 1}", false)]
    [InlineData("Sure:\n```json\n{\"a\": 1}\n```\nDone.", true)]
    [InlineData("The answer is {\"a\": 1} as requested.", true)]
    public void JsonIsFoundWholeInFencesOrInProse(string text, bool extracted)
    {
        Assert.True(JsonExtraction.TryExtract(text, out var data, out var wasExtracted));
        Assert.Equal(extracted, wasExtracted);
        Assert.Equal("{\"a\":1}", JsonConversion.Stringify(data));
    }

    [Fact]
    public void ProseWithoutJsonIsNotExtracted()
    {
        Assert.False(JsonExtraction.TryExtract("just words {not json", out _, out _));
    }

    [Fact]
    public void TextToolCallsReadTypeScriptLiteralsAndHeredocs()
    {
        var calls = TextToolCalls.Parse("""
            Let me look.
            <tool_call>
            read({ path: "src/lib.rs", lines: [1, 2,], deep: true, note: 'it\'s' })
            </tool_call>
            <tool_call>
            write({ path: `a.txt`, body: <<EOF
            line one
              line two
            EOF
            })
            </tool_call>
            """);

        Assert.Equal(2, calls.Count);
        Assert.Equal("read", calls[0].Name);
        Assert.Equal("{\"deep\":true,\"lines\":[1,2],\"note\":\"it's\",\"path\":\"src/lib.rs\"}", JsonConversion.Stringify(calls[0].Arguments));
        Assert.Equal("write", calls[1].Name);
        Assert.Equal("line one\n  line two", calls[1].Arguments.AsDict.Get("body").AsString);
    }

    [Fact]
    public void MalformedTextToolCallsAreSkipped()
    {
        Assert.Empty(TextToolCalls.Parse("<tool_call>read({ path: })</tool_call><tool_call>not a call</tool_call>"));
    }

    [Theory]
    [InlineData("claude-sonnet-4-20250514", "anthropic")]
    [InlineData("gpt-4o", "openai")]
    [InlineData("o3-mini", "openai")]
    [InlineData("qwen/qwen3-coder", "openrouter")]
    [InlineData("llama3.2:latest", "ollama")]
    [InlineData("local:gemma-4-e4b-it", "ollama")]
    public void TheProviderIsInferredFromTheModelId(string model, string provider)
    {
        Assert.Equal(provider, ProviderCatalog.InferProvider(model));
    }

    [Fact]
    public void CostUsesThePricingTableAndUnknownModelsCostNothing()
    {
        Assert.Equal(0.00045, ProviderCatalog.Cost("gpt-4o-mini", 1000, 500), 10);
        Assert.Equal(0.0, ProviderCatalog.Cost("unknown-model", 1000, 500));
    }

    [Theory]
    [InlineData("claude-opus-4-7", 4, 7)]
    [InlineData("claude-3-5-sonnet-20241022", 3, 5)]
    [InlineData("claude-sonnet-4-20250514", 4, 0)]
    [InlineData("gpt-5.4-preview", 5, 4)]
    public void ModelVersionsAreReadFromIds(string model, int major, int minor)
    {
        Assert.Equal((major, minor), ModelVersion.Of(model));
    }

    [Fact]
    public void CapabilityOverridesParseTheTomlLayout()
    {
        var rules = CapabilityToml.Parse("# proxy\n[[provider.my-proxy]]\nmodel_match = \"*\"\nnative_tools = true\ntool_search = [\"hosted\"]\nmax_tools = 12\n");

        var (provider, rule) = Assert.Single(rules);
        Assert.Equal("my-proxy", provider);
        Assert.True(rule.Matches("anything"));
        Assert.Equal("{max_tools: 12, native_tools: true, tool_search: [hosted]}", ValueFormatter.Display(Value.FromDict(rule.Fields)));
    }

    [Fact]
    public void ACapabilityRuleWithoutModelMatchIsRejected()
    {
        var error = Assert.Throws<HarnRuntimeException>(() => CapabilityToml.Parse("[[provider.x]]\nnative_tools = true\n"));
        Assert.Contains("[[provider.x]] needs model_match", error.Message);
    }
}
