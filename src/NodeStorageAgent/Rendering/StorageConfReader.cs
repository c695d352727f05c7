using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Toml;

namespace NodeStorageAgent.Rendering;

/// <summary>Reads the few storage.conf values the agent needs from a decoded document.</summary>
public static class StorageConfReader
{
    public static string Driver(TomlTable root) => Storage(root)?.TryGetValue("driver", out var v) == true && v is TomlString s ? s.Value : "";

    /// <summary>graphroot and runroot as containers/storage would use them (defaults when unset).</summary>
    public static ContainerStorageRoots Roots(TomlTable root)
    {
        var storage = Storage(root);
        string Get(string key, string fallback) =>
            storage?.TryGetValue(key, out var v) == true && v is TomlString s && s.Value.StartsWith('/') ? s.Value : fallback;

        return new ContainerStorageRoots(
            Get("graphroot", ContainerStorageRoots.Default.GraphRoot),
            Get("runroot", ContainerStorageRoots.Default.RunRoot));
    }

    /// <summary>graphroot/runroot from the storage.conf containers/storage reads on this node (/etc, else /usr/share);
    /// defaults when there is none or it does not parse.</summary>
    public static ContainerStorageRoots Roots(NodeConfigSnapshot node)
    {
        var document = node.StorageConfDocument;
        return document is null || document.HasErrors ? ContainerStorageRoots.Default : Roots(document.Root);
    }

    /// <summary>The strings of <c>[storage.options] key</c>; null when absent. <paramref name="problem"/> says why the
    /// value cannot be managed (not an array, or it holds non-strings such as container-libs' <c>{append = true}</c>).</summary>
    public static IReadOnlyList<string>? StringArray(TomlTable root, string key, out string? problem)
    {
        problem = null;
        if (Storage(root)?.TryGetValue("options", out var o) != true || o is not TomlTable options || !options.TryGetValue(key, out var value))
        {
            return null;
        }

        if (value is not TomlArray array)
        {
            problem = $"it is {value.Kind.ToString().ToLowerInvariant()}, not an array of strings";
            return null;
        }

        var strings = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is not TomlString s)
            {
                problem = $"it holds a {item.Kind.ToString().ToLowerInvariant()} item (line {item.Position.Line}); only arrays of strings are managed";
                return null;
            }

            strings.Add(s.Value);
        }

        return strings;
    }

    private static TomlTable? Storage(TomlTable root) => root.TryGetValue("storage", out var s) ? s as TomlTable : null;
}
