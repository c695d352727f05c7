using NodeStorageAgent.Toml.Syntax;

namespace NodeStorageAgent.Toml.Editing;

/// <summary>
/// Finds where a decoded path is written in the syntax tree: as <c>[a] b = …</c>, as a dotted key (<c>[a] b.c = …</c>),
/// or inside an inline table (<c>[a] b = { c = … }</c>). The document is valid, so a path is written at most once.
/// </summary>
internal static class KeyLocator
{
    public static KeyLocation? FindKey(EditContext context, IReadOnlyList<string> path)
    {
        foreach (var (location, fullPath) in Enumerate(context))
        {
            if (EditContext.SamePath(fullPath, path))
            {
                return location;
            }
        }

        return null;
    }

    /// <summary>The inline table written for <paramref name="path"/> (the table value itself), if any.</summary>
    public static InlineTableSyntax? FindInlineTable(EditContext context, IReadOnlyList<string> path) =>
        FindKey(context, path)?.KeyValue.Value as InlineTableSyntax;

    /// <summary>The last key/value of a section whose dotted key passes through <paramref name="tablePath"/>.</summary>
    public static (Section Section, KeyValueSyntax KeyValue, int PrefixParts)? FindLastDotted(EditContext context, IReadOnlyList<string> tablePath)
    {
        (Section, KeyValueSyntax, int)? found = null;
        foreach (var section in context.Sections)
        {
            if (section.IsArrayOfTables || section.Path.Count >= tablePath.Count || !EditContext.StartsWith(tablePath, section.Path))
            {
                continue;
            }

            foreach (var keyValue in section.KeyValues)
            {
                var full = section.Path.Concat(context.KeyPath(keyValue.Key)).ToArray();
                if (full.Length > tablePath.Count && EditContext.StartsWith(full, tablePath))
                {
                    found = (section, keyValue, tablePath.Count - section.Path.Count);
                }
            }
        }

        return found;
    }

    private static IEnumerable<(KeyLocation Location, string[] FullPath)> Enumerate(EditContext context)
    {
        foreach (var section in context.Sections)
        {
            if (section.IsArrayOfTables)
            {
                continue;
            }

            foreach (var keyValue in section.KeyValues)
            {
                var full = section.Path.Concat(context.KeyPath(keyValue.Key)).ToArray();
                foreach (var item in WithInline(context, new KeyLocation(keyValue, section, null, -1), full))
                {
                    yield return item;
                }
            }
        }
    }

    private static IEnumerable<(KeyLocation, string[])> WithInline(EditContext context, KeyLocation location, string[] full)
    {
        yield return (location, full);
        if (location.KeyValue.Value is not InlineTableSyntax inline)
        {
            yield break;
        }

        for (var i = 0; i < inline.Items.Count; i++)
        {
            var keyValue = inline.Items[i].KeyValue;
            var inner = full.Concat(context.KeyPath(keyValue.Key)).ToArray();
            foreach (var item in WithInline(context, new KeyLocation(keyValue, location.Section, inline, i), inner))
            {
                yield return item;
            }
        }
    }
}
