using System.Collections;
using System.Diagnostics.CodeAnalysis;
using NodeStorageAgent.Toml.Text;

namespace NodeStorageAgent.Toml;

/// <summary>A TOML table; keys enumerate in document order.</summary>
public sealed class TomlTable : TomlValue, IReadOnlyDictionary<string, TomlValue>
{
    private readonly List<KeyValuePair<string, TomlValue>> _entries = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<int> _keyOffsets = [];
    private LineMap? _lines;

    public TomlTable(IEnumerable<KeyValuePair<string, TomlValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var (key, value) in entries)
        {
            if (!_index.TryAdd(key, _entries.Count))
            {
                throw new ArgumentException($"duplicate key '{key}'", nameof(entries));
            }

            _entries.Add(new(key, value));
            _keyOffsets.Add(-1);
        }
    }

    internal TomlTable(TableOrigin origin)
    {
        Origin = origin;
    }

    public override TomlValueKind Kind => TomlValueKind.Table;

    /// <summary>Written as <c>{ ... }</c> (or a table created by a dotted key inside one): closed to extension.</summary>
    public bool IsInline => Origin == TableOrigin.Inline;

    /// <summary>One element of an array of tables (<c>[[name]]</c>).</summary>
    public bool IsArrayOfTablesElement => Origin == TableOrigin.ArrayElement;

    /// <summary>Defined only as the parent of other tables (<c>[a.b]</c> makes <c>a</c> implicit), never by itself.</summary>
    public bool IsImplicit => Origin == TableOrigin.Implicit;

    internal TableOrigin Origin { get; set; }

    /// <summary>The section (0 = root, n = n-th header) whose dotted keys created or entered this table; 0 if none.</summary>
    internal int DottedSection { get; set; }

    public int Count => _entries.Count;

    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    public IEnumerable<TomlValue> Values => _entries.Select(e => e.Value);

    public TomlValue this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no key '{key}'");

    public bool ContainsKey(string key) => _index.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TomlValue value)
    {
        if (_index.TryGetValue(key, out var i))
        {
            value = _entries[i].Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Where <paramref name="key"/> was written in the document (for "unknown key" messages).</summary>
    public bool TryGetKeyPosition(string key, out TomlPosition position)
    {
        position = default;
        if (!_index.TryGetValue(key, out var i) || _keyOffsets[i] < 0 || _lines is null)
        {
            return false;
        }

        position = _lines.GetPosition(_keyOffsets[i]);
        return true;
    }

    public IEnumerator<KeyValuePair<string, TomlValue>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Add(string key, TomlValue value, LineMap lines, int keyOffset)
    {
        _index.Add(key, _entries.Count);
        _entries.Add(new(key, value));
        _keyOffsets.Add(keyOffset);
        _lines = lines;
    }
}
