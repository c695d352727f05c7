using NodeStorageAgent.Toml.Parsing;
using NodeStorageAgent.Toml.Syntax;

namespace NodeStorageAgent.Toml.Editing;

/// <summary>A valid document prepared for editing: its sections, path decoding and layout conventions.</summary>
internal sealed class EditContext
{
    public EditContext(TomlDocument document)
    {
        Document = document;
        Text = document.Text;
        var syntax = document.Syntax;
        Sections.Add(new Section([], null, syntax.KeyValues));
        foreach (var table in syntax.Tables)
        {
            Sections.Add(new Section(KeyPath(table.Key), table, table.KeyValues));
        }

        NewLine = Text.IndexOf('\n', StringComparison.Ordinal) is var lf and > 0 && Text[lf - 1] == '\r' ? "\r\n" : "\n";
    }

    public TomlDocument Document { get; }

    public string Text { get; }

    public List<Section> Sections { get; } = [];

    /// <summary>The document's line-break style (the first line break decides; LF for a one-line file).</summary>
    public string NewLine { get; }

    public string[] KeyPath(KeySyntax key)
    {
        var path = new string[key.Parts.Length];
        for (var i = 0; i < path.Length; i++)
        {
            path[i] = StringDecoder.Decode(key.Parts[i].Kind, key.Parts[i].Text(Text));
        }

        return path;
    }

    /// <summary>Offset of the first character of the line holding <paramref name="offset"/>.</summary>
    public int LineStart(int offset) => offset == 0 ? 0 : Text.LastIndexOf('\n', offset - 1) + 1;

    /// <summary>The whitespace between the line start and <paramref name="offset"/>, or "" if anything else precedes it.</summary>
    public string IndentAt(int offset)
    {
        var start = LineStart(offset);
        var indent = Text.AsSpan(start, offset - start);
        return indent.Trim(" \t\uFEFF").IsEmpty ? indent.ToString().Replace("\uFEFF", "", StringComparison.Ordinal) : "";
    }

    /// <summary>Where a new line may start at or after <paramref name="offset"/> (an offset just after a line break, or the end).</summary>
    public bool AtLineStart(int offset) => offset == 0 || Text[offset - 1] == '\n';

    /// <summary>Inserts whole lines at <paramref name="offset"/> (a line start, or the end of a file with no final line break).</summary>
    public TextEdit InsertLines(int offset, string lines)
    {
        if (AtLineStart(offset))
        {
            return new TextEdit(offset, offset, lines);
        }

        // End of a file without a final line break: keep it without one.
        var body = lines.EndsWith(NewLine, StringComparison.Ordinal) ? lines[..^NewLine.Length] : lines;
        return new TextEdit(offset, offset, NewLine + body);
    }

    /// <summary>Indentation unit of items in multi-line arrays (relative to their key), "  " when the file has none.</summary>
    public string ArrayIndentUnit()
    {
        foreach (var section in Sections)
        {
            foreach (var keyValue in section.KeyValues)
            {
                if (keyValue.Value is ArraySyntax { Items.Count: > 0 } array && Text.AsSpan(array.Start, array.End - array.Start).Contains('\n'))
                {
                    var keyIndent = IndentAt(keyValue.Start);
                    var itemIndent = IndentAt(array.Items[0].Value.Start);
                    if (itemIndent.Length > keyIndent.Length && itemIndent.StartsWith(keyIndent, StringComparison.Ordinal))
                    {
                        return itemIndent[keyIndent.Length..];
                    }
                }
            }
        }

        return "  ";
    }

    /// <summary>How far keys sit to the right of their header (e.g. "  " in files indented per level), "" usually.</summary>
    public string KeyIndentUnderHeader()
    {
        foreach (var section in Sections)
        {
            if (section.Header is { } header && section.KeyValues.Count > 0)
            {
                var headerIndent = IndentAt(header.Start);
                var keyIndent = IndentAt(section.KeyValues[0].Start);
                return keyIndent.StartsWith(headerIndent, StringComparison.Ordinal) ? keyIndent[headerIndent.Length..] : "";
            }
        }

        return "";
    }

    /// <summary>Header indentation for a header of <paramref name="depth"/> parts, following files that indent per level.</summary>
    public string HeaderIndent(int depth)
    {
        foreach (var section in Sections)
        {
            if (section.Header is { } header && section.Path.Count >= 2 && IndentAt(header.Start) is { Length: > 0 } indent
                && indent.Length % (section.Path.Count - 1) == 0)
            {
                var unit = indent[..(indent.Length / (section.Path.Count - 1))];
                return string.Concat(Enumerable.Repeat(unit, Math.Max(0, depth - 1)));
            }
        }

        return "";
    }

    public static bool StartsWith(IReadOnlyList<string> path, IReadOnlyList<string> prefix)
    {
        if (prefix.Count > path.Count)
        {
            return false;
        }

        for (var i = 0; i < prefix.Count; i++)
        {
            if (path[i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    public static bool SamePath(IReadOnlyList<string> a, IReadOnlyList<string> b) => a.Count == b.Count && StartsWith(a, b);
}
