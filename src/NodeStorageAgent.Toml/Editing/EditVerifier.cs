namespace NodeStorageAgent.Toml.Editing;

/// <summary>
/// The editor's safety net: the edited document must decode to the original with only the target key changed
/// (tables on the way to it may appear when created, or disappear when they held nothing else).
/// </summary>
internal static class EditVerifier
{
    private static readonly TomlTable s_empty = new([]);

    public static bool OnlyKeyChanged(TomlTable original, TomlTable edited, IReadOnlyList<string> fullPath, TomlValue? expected) =>
        Compare(original, edited, fullPath, 0, expected);

    private static bool Compare(TomlTable a, TomlTable b, IReadOnlyList<string> path, int depth, TomlValue? expected)
    {
        var name = path[depth];
        foreach (var (key, value) in a)
        {
            if (key != name && !(b.TryGetValue(key, out var other) && TomlValueComparer.DeepEquals(value, other)))
            {
                return false;
            }
        }

        if (b.Keys.Any(k => k != name && !a.ContainsKey(k)))
        {
            return false;
        }

        a.TryGetValue(name, out var before);
        b.TryGetValue(name, out var after);
        if (depth == path.Count - 1)
        {
            return expected is null ? after is null : after is not null && TomlValueComparer.DeepEquals(expected, after);
        }

        return (before, after) switch
        {
            (TomlTable x, TomlTable y) => Compare(x, y, path, depth + 1, expected),
            (null, TomlTable y) => Compare(s_empty, y, path, depth + 1, expected),
            (TomlTable x, null) => expected is null && Compare(x, s_empty, path, depth + 1, expected),
            _ => false,
        };
    }
}
