using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using Harn.Syntax;

namespace Harn.Vm.Tests.Syntax;

/// <summary>
/// Prints a syntax tree as compact S-expressions: `(Type value ...)`, skipping spans, nulls and empty
/// lists; a true flag prints as `:Name`, a false flag is omitted; lists print as `[...]`.
/// </summary>
internal static class AstPrinter
{
    public static string Print(Node node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    /// <summary>The statements of a program, one per line.</summary>
    public static string PrintStatements(ProgramNode program) =>
        string.Join('\n', program.Statements.Select(Print));

    private static void Write(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null:
                builder.Append("nil");
                break;
            case string text:
                builder.Append('"').Append(text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n")).Append('"');
                break;
            case Node node:
                WriteNode(builder, node);
                break;
            case IEnumerable list:
                builder.Append('[');
                bool first = true;
                foreach (object? item in list)
                {
                    if (!first)
                    {
                        builder.Append(' ');
                    }

                    first = false;
                    Write(builder, item);
                }

                builder.Append(']');
                break;
            case double number:
                builder.Append(number.ToString("R", CultureInfo.InvariantCulture));
                break;
            case IFormattable formattable:
                builder.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                builder.Append(value);
                break;
        }
    }

    private static void WriteNode(StringBuilder builder, Node node)
    {
        var type = node.GetType();
        builder.Append('(').Append(type.Name);
        foreach (var property in Properties(type))
        {
            object? value = property.GetValue(node);
            if (value is null || (value is ICollection { Count: 0 }) || value is false)
            {
                continue;
            }

            builder.Append(' ');
            if (value is true)
            {
                builder.Append(':').Append(property.Name);
                continue;
            }

            Write(builder, value);
        }

        builder.Append(')');
    }

    /// <summary>Record properties in declaration order (primary constructor order), without Span.</summary>
    private static IEnumerable<PropertyInfo> Properties(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        foreach (var parameter in constructor.GetParameters())
        {
            if (parameter.Name is "Span" or null)
            {
                continue;
            }

            yield return type.GetProperty(parameter.Name)!;
        }
    }
}
