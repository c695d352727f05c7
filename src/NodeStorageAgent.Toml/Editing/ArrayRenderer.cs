using System.Text;

namespace NodeStorageAgent.Toml.Editing;

/// <summary>Renders a fresh array of strings: single-line for at most one item, otherwise one item per line with trailing commas.</summary>
internal static class ArrayRenderer
{
    public static string Render(IReadOnlyList<string> values, bool allowMultiLine, string keyIndent, string itemIndentUnit, string newLine)
    {
        if (!allowMultiLine || values.Count <= 1)
        {
            return "[" + string.Join(", ", values.Select(TomlKeyFormatter.FormatBasicString)) + "]";
        }

        var sb = new StringBuilder("[").Append(newLine);
        foreach (var value in values)
        {
            sb.Append(keyIndent).Append(itemIndentUnit).Append(TomlKeyFormatter.FormatBasicString(value)).Append(',').Append(newLine);
        }

        return sb.Append(keyIndent).Append(']').ToString();
    }
}
