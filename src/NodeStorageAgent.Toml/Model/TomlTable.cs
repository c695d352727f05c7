using System.Collections;
using System.Diagnostics.CodeAnalysis;
using NodeStorageAgent.Toml.Text;

namespace NodeStorageAgent.Toml;

/// <summary>A TOML table; keys enumerate in document order.</summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "TOML calls it a table; TomlTableDictionary would name the C# shape, not the thing")]
public sealed class TomlTable : TomlValue, IReadOnlyDictionary<string, TomlValue>
{
    /// <summary>Below this many keys a linear search beats a dictionary (and most TOML tables are small).</summary>
    private const int IndexThreshold = 8;

    private readonly List<KeyValuePair<string, TomlValue>> _entries = [];
    private List<int>? _keyOffsets;
    private Dictionary<string, int>? _index;
    private LineMap? _lines;

    public TomlTable(IEnumerable<KeyValuePair<string, TomlValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var (key, value) in entries)
        {
            if (IndexOf(key) >= 0)
            {
                throw new ArgumentException($"duplicate key '{key}'", nameof(entries));
            }

            Append(key, value);
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

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TomlValue value)
    {
        if (IndexOf(key) is var i and >= 0)
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
        var i = IndexOf(key);
        if (i < 0 || _keyOffsets is null || _keyOffsets[i] < 0 || _lines is null)
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
        _keyOffsets ??= [];
        while (_keyOffsets.Count < _entries.Count)
        {
            _keyOffsets.Add(-1);
        }

        _keyOffsets.Add(keyOffset);
        _lines = lines;
        Append(key, value);
    }

    private void Append(string key, TomlValue value)
    {
        _entries.Add(new(key, value));
        if (_index is not null)
        {
            _index.Add(key, _entries.Count - 1);
        }
        else if (_entries.Count > IndexThreshold)
        {
            _index = new Dictionary<string, int>(_entries.Count * 2, StringComparer.Ordinal);
            for (var i = 0; i < _entries.Count; i++)
            {
                _index.Add(_entries[i].Key, i);
            }
        }
    }

    private int IndexOf(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var i) ? i : -1;
        }

        for (var i = 0; i < _entries.Count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
