using System.Collections;

namespace NodeStorageAgent.Toml;

/// <summary>A TOML array: a static <c>[ ... ]</c> value or an array of tables (<c>[[name]]</c>).</summary>
public sealed class TomlArray : TomlValue, IReadOnlyList<TomlValue>
{
    private readonly List<TomlValue> _items;

    public TomlArray(IEnumerable<TomlValue> items) => _items = [.. items];

    internal TomlArray(bool isArrayOfTables)
    {
        _items = [];
        IsArrayOfTables = isArrayOfTables;
    }

    /// <summary>Created by <c>[[name]]</c> headers (may be extended by later headers) rather than a static array.</summary>
    public bool IsArrayOfTables { get; }

    public override TomlValueKind Kind => TomlValueKind.Array;

    public int Count => _items.Count;

    public TomlValue this[int index] => _items[index];

    public IEnumerator<TomlValue> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Add(TomlValue item) => _items.Add(item);
}
