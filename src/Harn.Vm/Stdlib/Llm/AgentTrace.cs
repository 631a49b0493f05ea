using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>The counters of one agent loop, reported as the result's <c>trace</c> summary and its <c>llm</c>/<c>tools</c> dicts.</summary>
internal sealed class AgentTrace
{
    public int Iterations { get; set; }

    public int LlmCalls { get; set; }

    public int ToolExecutions { get; set; }

    public int ToolRejections { get; set; }

    public int Interventions { get; set; }

    public int Compactions { get; set; }

    public int NativeTextToolFallbacks { get; set; }

    public int NativeTextToolFallbackRejections { get; set; }

    public int EmptyCompletionRetries { get; set; }

    public long InputTokens { get; set; }

    public long OutputTokens { get; set; }

    public double CostUsd { get; set; }

    public long LlmDurationMs { get; set; }

    public long ToolDurationMs { get; set; }

    public List<string> ToolCalls { get; } = [];

    public List<string> SuccessfulTools { get; } = [];

    public List<string> RejectedTools { get; } = [];

    public HarnDict Summary(string status, long totalMs) => HarnDict.Empty
        .With("status", Value.FromString(status))
        .With("iterations", Value.FromInt(Iterations))
        .With("total_duration_ms", Value.FromInt(totalMs))
        .With("llm_calls", Value.FromInt(LlmCalls))
        .With("tool_executions", Value.FromInt(ToolExecutions))
        .With("tool_rejections", Value.FromInt(ToolRejections))
        .With("interventions", Value.FromInt(Interventions))
        .With("compactions", Value.FromInt(Compactions))
        .With("native_text_tool_fallbacks", Value.FromInt(NativeTextToolFallbacks))
        .With("native_text_tool_fallback_rejections", Value.FromInt(NativeTextToolFallbackRejections))
        .With("empty_completion_retries", Value.FromInt(EmptyCompletionRetries))
        .With("total_input_tokens", Value.FromInt(InputTokens))
        .With("total_output_tokens", Value.FromInt(OutputTokens))
        .With("total_llm_duration_ms", Value.FromInt(LlmDurationMs))
        .With("total_tool_duration_ms", Value.FromInt(ToolDurationMs))
        .With("tools_used", HostValues.Strings(ToolCalls.Distinct()));

    public HarnDict Llm(long totalMs) => HarnDict.Empty
        .With("iterations", Value.FromInt(Iterations))
        .With("duration_ms", Value.FromInt(totalMs))
        .With("input_tokens", Value.FromInt(InputTokens))
        .With("output_tokens", Value.FromInt(OutputTokens));

    public HarnDict Tools(string mode) => HarnDict.Empty
        .With("calls", HostValues.Strings(ToolCalls))
        .With("successful", HostValues.Strings(SuccessfulTools.Distinct()))
        .With("rejected", HostValues.Strings(RejectedTools))
        .With("mode", Value.FromString(mode));
}
