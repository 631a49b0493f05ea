using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// One provider-neutral model request: the conversation (<c>{role, content}</c> dicts, where
/// content is a string or a list of blocks), the system prompt, native tool schemas and the
/// caller's options dict (generation settings, provider-specific sub-dicts).
/// </summary>
internal sealed record LlmRequest
{
    public required string Provider { get; init; }

    public required string Model { get; init; }

    public required IReadOnlyList<HarnDict> Messages { get; init; }

    public string? System { get; init; }

    /// <summary>Native tool definitions <c>{name, description, parameters}</c>, or empty.</summary>
    public IReadOnlyList<HarnDict> Tools { get; init; } = [];

    public HarnDict Options { get; init; } = HarnDict.Empty;

    public bool Stream { get; init; }

    public long? MaxTokens => Options.GetInt("max_tokens");

    public LlmRequest With(IReadOnlyList<HarnDict> messages) => this with { Messages = messages };

    /// <summary>The text of a message's content: strings as they are, block lists joined by their text parts.</summary>
    public static string ContentText(Value content) => content.Kind switch
    {
        ValueKind.String => content.AsString,
        ValueKind.List => string.Join("\n", content.AsList
            .Where(block => block.Kind == ValueKind.Dict)
            .Select(block => block.AsDict.GetString("text"))
            .Where(text => text is not null)),
        ValueKind.Nil => string.Empty,
        _ => ValueFormatter.Display(content),
    };

    /// <summary>The text of the newest user message, or empty.</summary>
    public string LastUserText()
    {
        for (var i = Messages.Count - 1; i >= 0; i--)
        {
            if (Messages[i].GetString("role") == "user")
            {
                return ContentText(Messages[i].Get("content"));
            }
        }

        return string.Empty;
    }

    /// <summary>Every message's text, one per line: what mock match globs are tested against.</summary>
    public string PromptText() => string.Join("\n", Messages.Select(message => ContentText(message.Get("content"))));
}
