using Harn.Runtime;

namespace Harn.Stdlib.Templates;

/// <summary>Template failures are thrown Harn strings: <c>&lt;template&gt; at &lt;line&gt;:&lt;col&gt;: &lt;problem&gt;</c>.</summary>
internal static class TemplateError
{
    public static HarnRuntimeException At(string template, int line, int column, string problem) =>
        RuntimeErrors.Thrown($"{template} at {line}:{column}: {problem}");
}
