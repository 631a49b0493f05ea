using Harn.Runtime;

namespace Harn.Stdlib.Llm.Providers;

/// <summary>One provider protocol: how a request is written and an answer (whole or streamed) is read.</summary>
internal interface IProviderWire
{
    /// <summary>True when streamed answers are newline-delimited JSON rather than server-sent events.</summary>
    bool NdJson { get; }

    void Authorize(HttpRequestMessage message, string? apiKey);

    HarnDict Body(LlmRequest request, bool stream);

    LlmResponse Parse(HarnDict body, LlmRequest request);

    /// <summary>Applies one streamed event; <paramref name="eventName"/> is the SSE <c>event:</c> field, if any.</summary>
    void Apply(StreamingAnswer answer, HarnDict payload, string? eventName);
}
