namespace Harn.Runtime;

/// <summary>The name and field order of a struct type; shared by all its instances.</summary>
public sealed class StructLayout
{
    private readonly Dictionary<string, int>? _index;

    /// <summary>The field names as an array: scanned on every field read, without interface calls.</summary>
    private readonly string[] _names;

    public StructLayout(string name, IReadOnlyList<string> fieldNames)
    {
        Name = name;
        _names = fieldNames.ToArray();
        FieldNames = _names;
        // Few fields are faster to scan than to hash.
        if (_names.Length > 8)
        {
            _index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < _names.Length; i++)
            {
                _index.TryAdd(_names[i], i);
            }
        }
    }

    public string Name { get; }

    public IReadOnlyList<string> FieldNames { get; }

    /// <summary>The field names in layout order, for index-based reads.</summary>
    internal string[] Names => _names;

    /// <summary>Index of the field, or -1.</summary>
    public int IndexOf(string field)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(field, out var found) ? found : -1;
        }

        var names = _names;
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            if (ReferenceEquals(name, field) || (name.Length == field.Length && string.Equals(name, field, StringComparison.Ordinal)))
            {
                return i;
            }
        }

        return -1;
    }
}
