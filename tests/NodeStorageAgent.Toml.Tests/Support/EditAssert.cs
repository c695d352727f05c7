using System.Text;
using System.Text.Json.Nodes;

namespace NodeStorageAgent.Toml.Tests.Support;

/// <summary>Independent checks of an edit's result (they do not use the editor's own verifier).</summary>
internal static class EditAssert
{
    /// <summary>The smallest region that differs: <c>old[Start..OldEnd)</c> became <c>new[Start..NewEnd)</c>.</summary>
    public static (int Start, int OldEnd, int NewEnd) ChangedSpan(string before, string after)
    {
        var prefix = 0;
        while (prefix < before.Length && prefix < after.Length && before[prefix] == after[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < before.Length - prefix && suffix < after.Length - prefix
               && before[before.Length - 1 - suffix] == after[after.Length - 1 - suffix])
        {
            suffix++;
        }

        return (prefix, before.Length - suffix, after.Length - suffix);
    }

    /// <summary>The tagged JSON of <paramref name="original"/> with <c>path</c> set to a string array (or removed when null).</summary>
    public static string ExpectedJson(TomlTable original, IReadOnlyList<string> path, IReadOnlyList<string>? values, int pruneLevels = 0)
    {
        var root = JsonNode.Parse(TomlTaggedJson.Encode(original))!.AsObject();
        var current = root;
        foreach (var part in path.Take(path.Count - 1))
        {
            if (current[part] is not JsonObject next)
            {
                next = [];
                current[part] = next;
            }

            current = next;
        }

        if (values is null)
        {
            current.Remove(path[^1]);
            {
                // Tables that only existed through the removed dotted key (options.key = …) go with it.
                for (var depth = path.Count - 1; depth > path.Count - 1 - pruneLevels && depth > 0; depth--)
                {
                    var parent = root;
                    foreach (var part in path.Take(depth - 1))
                    {
                        parent = parent[part]!.AsObject();
                    }

                    if (parent[path[depth - 1]] is JsonObject { Count: 0 })
                    {
                        parent.Remove(path[depth - 1]);
                    }
                }
            }
        }
        else
        {
            var array = new JsonArray();
            foreach (var value in values)
            {
                array.Add(new JsonObject { ["type"] = "string", ["value"] = value });
            }

            current[path[^1]] = array;
        }

        return root.ToJsonString();
    }

    /// <summary>Asserts the edit succeeded, re-parses cleanly and decodes to the original with only that key changed.</summary>
    public static TomlDocument Succeeded(TomlDocument original, TomlEditResult result, IReadOnlyList<string> fullPath, IReadOnlyList<string>? values)
    {
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var edited = result.Document!;
        var reparsed = TomlDocument.Parse(edited.ToUtf8Bytes());
        Assert.False(reparsed.HasErrors, string.Join("\n", reparsed.Diagnostics) + "\n" + edited.ToText());
        var actual = TomlTaggedJson.Encode(reparsed.Root);
        var difference = TaggedJsonComparer.Difference(ExpectedJson(original.Root, fullPath, values), actual);
        if (difference is not null && values is null)
        {
            for (var levels = 1; levels < fullPath.Count && difference is not null; levels++)
            {
                if (TaggedJsonComparer.Difference(ExpectedJson(original.Root, fullPath, values, levels), actual) is null)
                {
                    difference = null;
                }
            }
        }

        Assert.True(difference is null, difference + "\n" + edited.ToText());
        return edited;
    }

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
