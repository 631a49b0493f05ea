using Harn.Runtime;

namespace Harn.Vm.Tests.Llm;

/// <summary>Builds the Harn options literal that points a provider at a fake server.</summary>
internal static class ProviderScripts
{
    public const string Key = "sk-test-secret-1234";

    public static string Quote(string text) => Harn.Stdlib.JsonConversion.Stringify(Value.FromString(text));

    public static string Options(string provider, string model, string baseUrl, string extra = "") =>
        $"{{provider: {Quote(provider)}, model: {Quote(model)}, base_url: {Quote(baseUrl)}, api_key: {Quote(Key)}, stream: false{extra}}}";
}
