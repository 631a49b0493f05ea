using Harn.Runtime;
using static Harn.Stdlib.Concurrency.ConcurrencyHelpers;

namespace Harn.Stdlib.Concurrency;

/// <summary>A shared cell (one entry) or map: versioned entries plus read/write/CAS counters.</summary>
internal sealed class SharedHandle(bool isMap, string scope, string key) : IHarnObject
{
    /// <summary>The single entry of a cell.</summary>
    public const string CellKey = "";

    private readonly SortedDictionary<string, (Value Value, long Version)> _entries = new(StringComparer.Ordinal);
    private long _version;
    private long _reads;
    private long _writes;
    private long _casSuccesses;
    private long _casFailures;
    private long _staleReads;

    public string TypeName => isMap ? "shared_map" : "shared_cell";

    public string Display() => $"<{TypeName}:{scope}:{key}>";

    public (bool Found, Value Value) Read(string entry)
    {
        _reads++;
        return _entries.TryGetValue(entry, out var found) ? (true, found.Value) : (false, Value.Nil);
    }

    public Value Snapshot(string entry)
    {
        _reads++;
        _entries.TryGetValue(entry, out var found);
        return Dict(("value", found.Value), ("version", Value.FromInt(found.Version)));
    }

    /// <summary>Last write wins; returns the previous value.</summary>
    public Value Write(string entry, Value value)
    {
        _writes++;
        _entries.TryGetValue(entry, out var previous);
        _entries[entry] = (value, ++_version);
        return previous.Value;
    }

    public Value Delete(string entry)
    {
        _writes++;
        if (_entries.Remove(entry, out var previous))
        {
            _version++;
        }

        return previous.Value;
    }

    public Value Entries() => Value.FromDict(HarnDict.FromEntries(_entries.Select(e => new KeyValuePair<string, Value>(e.Key, e.Value.Value))));

    /// <summary>Writes when the entry still holds the expected value (and, given a snapshot, still has its version).</summary>
    public bool CompareAndSwap(string entry, Value expected, Value value)
    {
        _entries.TryGetValue(entry, out var current);
        bool matches;
        if (expected.Kind == ValueKind.Dict && expected.AsDict.Count == 2
            && expected.AsDict.TryGetValue("version", out var version) && expected.AsDict.TryGetValue("value", out var snapshotValue))
        {
            var fresh = version.Kind == ValueKind.Int && version.AsInt == current.Version;
            if (!fresh)
            {
                _staleReads++;
            }

            matches = fresh && ValueEquality.AreEqual(snapshotValue, current.Value);
        }
        else
        {
            matches = ValueEquality.AreEqual(expected, current.Value);
        }

        if (!matches)
        {
            _casFailures++;
            return false;
        }

        _casSuccesses++;
        _entries[entry] = (value, ++_version);
        return true;
    }

    public Value Metrics() => Dict(
        ("cas_failure_count", Value.FromInt(_casFailures)),
        ("cas_success_count", Value.FromInt(_casSuccesses)),
        ("read_count", Value.FromInt(_reads)),
        ("stale_read_count", Value.FromInt(_staleReads)),
        ("version", Value.FromInt(_version)),
        ("write_count", Value.FromInt(_writes)));

    public void ResetCounters()
    {
        _reads = 0;
        _writes = 0;
    }
}
