using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// Pre-flight cost control: the per-call <c>budget</c> envelope (<c>max_cost_usd</c>,
/// <c>max_input_tokens</c>, <c>max_output_tokens</c>) and the session budget of <c>llm_budget</c>.
/// A request that would exceed either fails with a terminal <c>budget_exceeded</c> error before it
/// leaves the process.
/// </summary>
internal static class LlmBudget
{
    public static void Check(LlmRunState state, LlmRequest request)
    {
        if (state.Budget is { } session && state.TotalCost >= session)
        {
            throw Exceeded(request, "session_budget", $"LLM session budget of ${session} exhausted (spent ${state.TotalCost})", state.TotalCost, null);
        }

        if (request.Options.GetDict("budget") is not { } budget)
        {
            return;
        }

        var (input, projected) = Projection(request);
        if (budget.GetInt("max_input_tokens") is { } maxInput && input > maxInput)
        {
            throw Exceeded(request, "max_input_tokens", $"estimated input tokens {input} exceed max_input_tokens {maxInput}", projected, input);
        }

        if (request.MaxTokens is { } maxTokens && budget.GetInt("max_output_tokens") is { } maxOutput && maxTokens > maxOutput)
        {
            throw Exceeded(request, "max_output_tokens", $"max_tokens {maxTokens} exceeds max_output_tokens {maxOutput}", projected, input);
        }

        if (budget.TryGetValue("max_cost_usd", out var maxCost) && maxCost.IsNumber && projected > maxCost.AsNumber)
        {
            throw Exceeded(request, "max_cost_usd", $"projected cost ${projected:0.######} exceeds max_cost_usd ${maxCost.AsNumber}", projected, input);
        }
    }

    /// <summary>Estimated input tokens and the USD cost of the request if the model used all of <c>max_tokens</c>.</summary>
    public static (long InputTokens, double CostUsd) Projection(LlmRequest request)
    {
        var input = MockProvider.EstimateTokens((request.System ?? string.Empty) + "\n" + request.PromptText());
        return (input, ProviderCatalog.Cost(request.Model, input, request.MaxTokens ?? 0));
    }

    private static LlmFailure Exceeded(LlmRequest request, string limit, string message, double? projectedCost, long? inputTokens) =>
        new(new LlmError("budget_exceeded", "LLM budget exceeded: " + message, null, request.Provider, request.Model)
        {
            Extra = HarnDict.Empty
                .With("limit", Value.FromString(limit))
                .With("projected_cost_usd", projectedCost is { } cost ? Value.FromFloat(cost) : Value.Nil)
                .With("projected_input_tokens", inputTokens is { } tokens ? Value.FromInt(tokens) : Value.Nil),
        });
}
