namespace NodeStorageAgent.Toml;

/// <summary>Deep structural equality of decoded values (table key order ignored; NaN equals NaN).</summary>
internal static class TomlValueComparer
{
    public static bool DeepEquals(TomlValue a, TomlValue b)
    {
        if (a.Kind != b.Kind)
        {
            return false;
        }

        return (a, b) switch
        {
            (TomlTable x, TomlTable y) => x.Count == y.Count && x.All(e => y.TryGetValue(e.Key, out var other) && DeepEquals(e.Value, other)),
            (TomlArray x, TomlArray y) => x.Count == y.Count && x.Zip(y).All(p => DeepEquals(p.First, p.Second)),
            (TomlString x, TomlString y) => x.Value == y.Value,
            (TomlInteger x, TomlInteger y) => x.Value == y.Value,
            (TomlFloat x, TomlFloat y) => x.Value.Equals(y.Value),
            (TomlBoolean x, TomlBoolean y) => x.Value == y.Value,
            _ => a.ToString() == b.ToString(),
        };
    }
}
