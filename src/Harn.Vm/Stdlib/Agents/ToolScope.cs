using System.Runtime.CompilerServices;
using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// A narrowing of the tool surface an agent loop offers and accepts: tool names or globs, and
/// <c>namespace:&lt;tag&gt;</c> entries that allow every tool declared with that namespace. The
/// union of the active skills' <c>allowed_tools</c> is one; a sub-agent's <c>allowed_tools</c>
/// and the ceilings it inherits from its parent are others. A tool must pass every scope in force.
/// </summary>
internal sealed record ToolScope(IReadOnlyList<string> Patterns, string Origin)
{
    private const string NamespacePrefix = "namespace:";

    public bool Allows(string tool, HarnDict? entry) => Patterns.Any(pattern => pattern.StartsWith(NamespacePrefix, StringComparison.Ordinal)
        ? entry is not null && AgentValues.StringField(entry, "namespace") == pattern[NamespacePrefix.Length..]
        : ToolGlob.Matches(pattern, tool));

    public static bool AllowAll(IReadOnlyList<ToolScope> scopes, string tool, HarnDict? entry) =>
        scopes.All(scope => scope.Allows(tool, entry));

    /// <summary>The registry keeping only the tools every scope allows (the registry itself when there are no scopes).</summary>
    public static Value Filter(Value registry, IReadOnlyList<ToolScope> scopes) =>
        scopes.Count == 0 || registry.IsNil
            ? registry
            : ToolRegistry.WithEntries(registry, ToolRegistry.Entries(registry).Where(e => AllowAll(scopes, ToolRegistry.NameOf(e), e)).Select(Value.FromDict));

    /// <summary>The first scope that refuses the tool, or null.</summary>
    public static ToolScope? Refusing(IReadOnlyList<ToolScope> scopes, string tool, HarnDict? entry) =>
        scopes.FirstOrDefault(scope => !scope.Allows(tool, entry));

    /// <summary>
    /// The ceilings a tool handler runs under, innermost last: a sub-agent started from inside a
    /// tool call of an agent loop inherits them, so a child never sees more than its parent could use.
    /// </summary>
    public static IReadOnlyList<ToolScope> Inherited(BuiltinContext context) =>
        StackOf(context) is { Count: > 0 } stack ? stack.Peek() : [];

    /// <summary>Makes <paramref name="scopes"/> the inherited ceilings until the returned scope is disposed.</summary>
    public static IDisposable Enter(BuiltinContext context, IReadOnlyList<ToolScope> scopes)
    {
        var stack = StackOf(context);
        stack.Push(scopes);
        return new Exit(stack, stack.Count);
    }

    /// <summary>One stack per task of the run, so concurrent agent loops never see each other's ceilings.</summary>
    private static readonly RunLocal<ConditionalWeakTable<object, Stack<IReadOnlyList<ToolScope>>>> Stacks = new(() => new());

    private static Stack<IReadOnlyList<ToolScope>> StackOf(BuiltinContext context) =>
        Stacks.Get(context).GetValue((object?)Concurrency.ConcurrencyHelpers.CurrentTask(context) ?? context, _ => new Stack<IReadOnlyList<ToolScope>>());

    private sealed class Exit(Stack<IReadOnlyList<ToolScope>> stack, int depth) : IDisposable
    {
        public void Dispose()
        {
            while (stack.Count >= depth && stack.Count > 0)
            {
                stack.Pop();
            }
        }
    }
}
