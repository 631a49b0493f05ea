using Harn.Runtime;

namespace Harn.Stdlib.Mcp;

/// <summary>Builders for the JSON-RPC 2.0 messages MCP is made of.</summary>
internal static class McpJson
{
    /// <summary>The protocol version this runtime speaks (as client and as server).</summary>
    public const string ProtocolVersion = "2025-11-25";

    /// <summary>This runtime's version, as it introduces itself in handshakes.</summary>
    public static readonly string RuntimeVersion = typeof(McpJson).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static Value Dict(params (string Key, Value Value)[] entries) =>
        Value.FromDict(HarnDict.FromEntries(entries.Select(e => new KeyValuePair<string, Value>(e.Key, e.Value))));

    public static Value Request(long id, string method, Value parameters) => parameters.IsNil
        ? Dict(("jsonrpc", Value.FromString("2.0")), ("id", Value.FromInt(id)), ("method", Value.FromString(method)))
        : Dict(("jsonrpc", Value.FromString("2.0")), ("id", Value.FromInt(id)), ("method", Value.FromString(method)), ("params", parameters));

    public static Value Notification(string method) =>
        Dict(("jsonrpc", Value.FromString("2.0")), ("method", Value.FromString(method)));

    public static Value Result(Value id, Value result) =>
        Dict(("jsonrpc", Value.FromString("2.0")), ("id", id), ("result", result));

    public static Value Error(Value id, long code, string message) =>
        Dict(("jsonrpc", Value.FromString("2.0")), ("id", id), ("error", Dict(("code", Value.FromInt(code)), ("message", Value.FromString(message)))));

    public static Value Field(Value value, string key) =>
        value.Kind == ValueKind.Dict && value.AsDict.TryGetValue(key, out var found) ? found : Value.Nil;

    public static string? StringField(Value value, string key) => Field(value, key) is { Kind: ValueKind.String } text ? text.AsString : null;
}
