using System.Text;

namespace NodeStorageAgent.Toml;

/// <summary>
/// Writes idiomatic TOML for documents we create (e.g. our CRI-O drop-in): key/values first, then sub-tables as
/// <c>[a.b]</c> sections (a table holding only tables gets no header of its own), arrays of tables as <c>[[a]]</c>,
/// arrays of more than one string one item per line, basic strings with minimal escaping, LF line ends.
/// </summary>
public static class TomlSerializer
{
    public static string Serialize(TomlTable table, string? leadingComment = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var sb = new StringBuilder();
        if (!string.IsNullOrEmpty(leadingComment))
        {
            foreach (var line in leadingComment.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                sb.Append(line.Length == 0 ? "#" : "# " + line).Append('\n');
            }
        }

        WriteTable(sb, table, [], isRoot: true);
        return sb.ToString();
    }

    private static void WriteTable(StringBuilder sb, TomlTable table, List<string> path, bool isRoot)
    {
        var values = table.Where(e => !IsSection(e.Value)).ToList();
        var sections = table.Where(e => IsSection(e.Value)).ToList();
        if (!isRoot && (values.Count > 0 || sections.Count == 0))
        {
            Separate(sb);
            sb.Append('[').Append(TomlKeyFormatter.FormatPath(path)).Append("]\n");
        }

        foreach (var (key, value) in values)
        {
            sb.Append(TomlKeyFormatter.FormatKey(key)).Append(" = ");
            WriteValue(sb, value, topLevel: true);
            sb.Append('\n');
        }

        foreach (var (key, value) in sections)
        {
            path.Add(key);
            if (value is TomlTable child)
            {
                WriteTable(sb, child, path, isRoot: false);
            }
            else
            {
                foreach (var element in ((TomlArray)value).Cast<TomlTable>())
                {
                    Separate(sb);
                    sb.Append("[[").Append(TomlKeyFormatter.FormatPath(path)).Append("]]\n");
                    foreach (var (k, v) in element)
                    {
                        sb.Append(TomlKeyFormatter.FormatKey(k)).Append(" = ");
                        WriteValue(sb, v, topLevel: true);
                        sb.Append('\n');
                    }
                }
            }

            path.RemoveAt(path.Count - 1);
        }
    }

    /// <summary>Tables and non-empty arrays of only tables become sections; everything else is a key/value.</summary>
    private static bool IsSection(TomlValue value) =>
        value is TomlTable { IsInline: false } || (value is TomlArray { Count: > 0 } array && array.All(v => v is TomlTable t && t.Values.All(x => !IsSection(x))));

    private static void Separate(StringBuilder sb)
    {
        if (sb.Length > 0 && !sb.ToString(Math.Max(0, sb.Length - 2), Math.Min(2, sb.Length)).Equals("\n\n", StringComparison.Ordinal))
        {
            sb.Append('\n');
        }
    }

    private static void WriteValue(StringBuilder sb, TomlValue value, bool topLevel)
    {
        switch (value)
        {
            case TomlString s:
                sb.Append(TomlKeyFormatter.FormatBasicString(s.Value));
                break;
            case TomlArray array when topLevel && array.Count > 1 && array.All(v => v is TomlString):
                sb.Append("[\n");
                foreach (var item in array)
                {
                    sb.Append("  ");
                    WriteValue(sb, item, topLevel: false);
                    sb.Append(",\n");
                }

                sb.Append(']');
                break;
            case TomlArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    sb.Append(i == 0 ? "" : ", ");
                    WriteValue(sb, array[i], topLevel: false);
                }

                sb.Append(']');
                break;
            case TomlTable table:
                sb.Append('{');
                var first = true;
                foreach (var (k, v) in table)
                {
                    sb.Append(first ? " " : ", ").Append(TomlKeyFormatter.FormatKey(k)).Append(" = ");
                    WriteValue(sb, v, topLevel: false);
                    first = false;
                }

                sb.Append(first ? "}" : " }");
                break;
            default:
                sb.Append(value.ToString());
                break;
        }
    }
}
