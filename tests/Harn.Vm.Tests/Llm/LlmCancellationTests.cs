using System.Diagnostics;
using Harn.Runtime;
using Harn.Vm.Tests.Support;
using Harn.Vm.Tests.Vm;
using Xunit;
using static Harn.Vm.Tests.Llm.ProviderScripts;

namespace Harn.Vm.Tests.Llm;

/// <summary>A pending provider request or retry backoff ends promptly when the run is cancelled.</summary>
public sealed class LlmCancellationTests
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task CancellingAPendingProviderRequestEndsTheRun()
    {
        using var server = new FakeProviderServer(FakeReply.Json("{}", 200) with { DelayMs = 30_000 });
        using var cancellation = new CancellationTokenSource();
        var cancelled = Polling.CancelWhen(cancellation, () => server.RequestCount > 0);

        var error = Assert.Throws<HarnRuntimeException>(() =>
            ScriptRunner.Run($"llm_call(\"x\", nil, {Options("openai", "gpt-4o", server.Url + "/v1")})", cancellation.Token));

        Assert.StartsWith("Thrown: " + Harn.Runtime.Vm.CancelledMessage, error.Message);
        var sinceCancel = (await cancelled).Elapsed;
        Assert.True(sinceCancel < Prompt, $"the run ended {sinceCancel} after cancellation");
    }

    [Fact]
    public void CancellingDuringRetryBackoffEndsTheRun()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        Assert.Throws<HarnRuntimeException>(() => ScriptRunner.Run("""
            llm_mock({error: {category: "rate_limit", message: "429", retry_after_ms: 60000}})
            llm_mock({text: "late"})
            llm_call("x", nil, {provider: "mock", llm_retries: 1})
            """, cancellation.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the run took {watch.Elapsed}");
    }
}
