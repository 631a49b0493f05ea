using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using Harn.Runtime;

namespace Harn.PowerShell.Conversion;

/// <summary>
/// Turns Harn values into the PowerShell objects a script author expects: nil → $null,
/// ints → long, floats → double, lists → object[], dicts → ordered hashtables, enum values →
/// <see cref="HarnEnumValue"/>, structs → objects typed <c>Harn.Struct.&lt;Name&gt;</c>.
/// </summary>
public static class PowerShellValueConverter
{
    /// <summary>Deeper nesting is shown as display text rather than converted, to bound recursion.</summary>
    public const int MaxDepth = 100;

    /// <summary>The type name every converted struct carries (after its own <c>Harn.Struct.&lt;Name&gt;</c>).</summary>
    public const string StructTypeName = "Harn.Struct";

    public static object? ToPowerShell(Value value) => ToPowerShell(value, 0);

    private static object? ToPowerShell(Value value, int depth)
    {
        switch (value.Kind)
        {
            case ValueKind.Nil:
                return null;
            case ValueKind.Bool:
                return value.AsBool;
            case ValueKind.Int:
                return value.AsInt;
            case ValueKind.Float:
                return value.AsFloat;
            case ValueKind.String:
                return value.AsString;
            case ValueKind.Bytes:
                return (byte[])value.As<byte[]>().Clone();
        }

        if (depth >= MaxDepth)
        {
            return ValueFormatter.Display(value);
        }

        switch (value.Kind)
        {
            case ValueKind.List:
                var list = value.AsList;
                var items = new object?[list.Count];
                for (var i = 0; i < list.Count; i++)
                {
                    items[i] = ToPowerShell(list[i], depth + 1);
                }

                return items;
            case ValueKind.Dict:
                var dict = value.AsDict;
                // Harn keys are case-sensitive, so the table is too: "a" and "A" stay two entries.
                var table = new OrderedDictionary(dict.Count, StringComparer.Ordinal);
                foreach (var (key, item) in dict)
                {
                    table.Add(key, ToPowerShell(item, depth + 1));
                }

                return table;
            case ValueKind.EnumVariant:
                var variant = value.As<HarnEnumVariant>();
                var fields = new object?[variant.Fields.Count];
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = ToPowerShell(variant.Fields[i], depth + 1);
                }

                return new HarnEnumValue(variant.EnumName, variant.Variant, fields, ValueFormatter.Display(value));
            case ValueKind.Struct:
                var instance = value.As<HarnStruct>();
                var result = new PSObject();
                foreach (var field in instance.Layout.FieldNames)
                {
                    result.Properties.Add(new PSNoteProperty(field, ToPowerShell(instance.Get(field), depth + 1)));
                }

                // Typed for format views and for `$x.PSObject.TypeNames` checks: Harn.Struct.<Name>, then Harn.Struct.
                result.TypeNames.Insert(0, StructTypeName);
                result.TypeNames.Insert(0, StructTypeName + "." + instance.Name);
                return result;
            default:
                return ValueFormatter.Display(value);
        }
    }

    /// <summary>
    /// Turns a PowerShell argument into a Harn value. Throws <see cref="ArgumentException"/> for
    /// nesting deeper than <see cref="MaxDepth"/> (which is how a self-referencing hashtable shows).
    /// </summary>
    public static Value ToHarn(object? input) => ToHarn(input, 0);

    private static Value ToHarn(object? input, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"The value is nested more than {MaxDepth} levels deep or refers to itself.");
        }

        if (input is PSObject { BaseObject: PSCustomObject } custom)
        {
            var fields = new List<KeyValuePair<string, Value>>();
            foreach (var property in custom.Properties)
            {
                fields.Add(new KeyValuePair<string, Value>(property.Name, ToHarn(property.Value, depth + 1)));
            }

            return Value.FromDict(HarnDict.FromEntries(fields));
        }

        input = Unwrap(input);
        switch (input)
        {
            case null:
                return Value.Nil;
            case bool flag:
                return Value.FromBool(flag);
            case string text:
                return Value.FromString(text);
            case char character:
                return Value.FromString(character.ToString());
            case sbyte or byte or short or ushort or int or uint or long:
                return Value.FromInt(Convert.ToInt64(input, System.Globalization.CultureInfo.InvariantCulture));
            case ulong big when big <= long.MaxValue:
                return Value.FromInt((long)big);
            case float or double or decimal or ulong:
                return Value.FromFloat(Convert.ToDouble(input, System.Globalization.CultureInfo.InvariantCulture));
            case byte[] bytes:
                return Value.FromBytes((byte[])bytes.Clone());
            case TimeSpan span:
                return Value.FromDuration((long)span.TotalMilliseconds);
            case IDictionary map:
                var entries = new List<KeyValuePair<string, Value>>(map.Count);
                foreach (DictionaryEntry entry in map)
                {
                    var key = Unwrap(entry.Key)?.ToString() ?? "";
                    entries.Add(new KeyValuePair<string, Value>(key, ToHarn(entry.Value, depth + 1)));
                }

                return Value.FromDict(HarnDict.FromEntries(entries));
            case IEnumerable sequence:
                var items = new List<Value>();
                foreach (var item in sequence)
                {
                    items.Add(ToHarn(item, depth + 1));
                }

                return Value.FromList(HarnList.Create(items));
            default:
                return Value.FromString(input.ToString() ?? "");
        }
    }

    private static object? Unwrap(object? input) =>
        input is PSObject wrapped ? wrapped.BaseObject : input;
}
