using System.Collections.Concurrent;
using System.Reflection;
using Harn.Syntax;

namespace Harn.Compiler;

/// <summary>
/// Generic traversal of syntax trees for the compiler's pre-scans (captured names, yields):
/// the child nodes of any node, found once per node type from its record properties.
/// Iterative, so a deeply nested tree cannot exhaust the host stack.
/// </summary>
internal static class AstWalker
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> ChildProperties = new();

    /// <summary>Visits every node below <paramref name="root"/> (not the root itself); <paramref name="enter"/> returns false to skip a node's children.</summary>
    public static void Walk(Node root, Func<Node, bool> enter)
    {
        var pending = new Stack<Node>();
        PushChildren(root, pending);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (enter(node))
            {
                PushChildren(node, pending);
            }
        }
    }

    private static void PushChildren(Node node, Stack<Node> pending)
    {
        foreach (var property in ChildProperties.GetOrAdd(node.GetType(), FindChildProperties))
        {
            switch (property.GetValue(node))
            {
                case Node child:
                    pending.Push(child);
                    break;
                case System.Collections.IEnumerable items and not string:
                    foreach (var item in items)
                    {
                        if (item is Node childNode)
                        {
                            pending.Push(childNode);
                        }
                    }

                    break;
            }
        }
    }

    private static PropertyInfo[] FindChildProperties(Type type) => type
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetIndexParameters().Length == 0
                    && p.Name != "EqualityContract"
                    && (typeof(Node).IsAssignableFrom(p.PropertyType)
                        || (p.PropertyType.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(p.PropertyType)
                            && typeof(Node).IsAssignableFrom(p.PropertyType.GetGenericArguments()[0]))))
        .ToArray();

    /// <summary>Names referenced anywhere inside function literals and declarations nested in <paramref name="body"/>.</summary>
    public static HashSet<string> NamesUsedInNestedFunctions(Node body)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        Walk(body, node =>
        {
            if (node is ClosureExpr or FnDecl or ToolDecl or SpawnExpr or ParallelExpr)
            {
                Walk(node, inner =>
                {
                    if (inner is Identifier identifier)
                    {
                        names.Add(identifier.Name);
                    }

                    return true;
                });
                return false;
            }

            return true;
        });
        return names;
    }

    /// <summary>True when <paramref name="body"/> yields or emits outside any nested function.</summary>
    public static bool ContainsYield(Node body)
    {
        var found = false;
        Walk(body, node =>
        {
            if (node is YieldExpr or EmitStmt)
            {
                found = true;
            }

            return !found && node is not (ClosureExpr or FnDecl or ToolDecl or SpawnExpr or ParallelExpr);
        });
        return found;
    }

    /// <summary>True when <paramref name="expression"/> contains the pipe placeholder <c>_</c> (outside nested functions).</summary>
    public static bool ContainsPlaceholder(Expr expression)
    {
        if (expression is Identifier { Name: "_" })
        {
            return true;
        }

        var found = false;
        Walk(expression, node =>
        {
            if (node is Identifier { Name: "_" })
            {
                found = true;
            }

            return !found && node is not (ClosureExpr or FnDecl or SpawnExpr or ParallelExpr);
        });
        return found;
    }
}
