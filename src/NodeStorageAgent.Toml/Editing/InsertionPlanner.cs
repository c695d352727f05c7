using NodeStorageAgent.Toml.Syntax;

namespace NodeStorageAgent.Toml.Editing;

/// <summary>
/// Decides where new text goes when a key or a table does not exist yet, following how people lay out these files:
/// <list type="bullet">
/// <item>A new key goes after its table's last key/value line (before blank lines and comments that introduce the
/// next section), with the sibling keys' indentation; if the table holds a commented-out line for the same key
/// (<c># additionalimagestores = []</c>, possibly a commented multi-line array), right after that commented block;
/// in a table without keys, after the header and the comment lines describing it.</item>
/// <item>A table known only through dotted keys (<c>options.x = 1</c>) gets another dotted key after the last one.</item>
/// <item>A table that exists only implicitly (<c>[a.b.c]</c> exists, <c>[a.b]</c> doesn't) gets an explicit header
/// before its first sub-table (and before the comment lines directly above that sub-table).</item>
/// <item>A missing table goes right after its closest existing parent's section, or at the end of the file.</item>
/// </list>
/// Returns null for a layout it does not handle; the editor then refuses the edit with a diagnostic.
/// </summary>
internal static class InsertionPlanner
{
    public static TextEdit? AddKey(EditContext context, TomlTable table, IReadOnlyList<string> tablePath, string key, IReadOnlyList<string> values)
    {
        if (table.IsInline && KeyLocator.FindInlineTable(context, tablePath) is { } inline)
        {
            return AddToInlineTable(context, inline, key, values);
        }

        var section = context.Sections.FirstOrDefault(s => !s.IsArrayOfTables && (s.Header is not null || tablePath.Count == 0) && EditContext.SamePath(s.Path, tablePath));
        if (section is not null)
        {
            return AddToSection(context, section, TomlKeyFormatter.FormatKey(key), key, values);
        }

        if (KeyLocator.FindLastDotted(context, tablePath) is var (_, keyValue, prefixParts))
        {
            var prefix = context.Text[keyValue.Key.Parts[0].TokenStart..keyValue.Key.Parts[prefixParts - 1].TokenEnd];
            var indent = context.IndentAt(keyValue.Start);
            return context.InsertLines(keyValue.FullEnd, KeyLine(context, indent, prefix + "." + TomlKeyFormatter.FormatKey(key), values));
        }

        return AddHeaderBeforeFirstSubTable(context, tablePath, tablePath, key, values);
    }

    public static TextEdit? AddTable(EditContext context, IReadOnlyList<string> tablePath, int existingDepth, string key, IReadOnlyList<string> values)
    {
        var ancestor = tablePath.Take(existingDepth).ToArray();
        if (existingDepth == 0)
        {
            return AppendAtEnd(context, TableBlock(context, tablePath, key, values));
        }

        var section = context.Sections.FirstOrDefault(s => s.Header is not null && !s.IsArrayOfTables && EditContext.SamePath(s.Path, ancestor))
            ?? (KeyLocator.FindLastDotted(context, ancestor) is var (dottedSection, _, _) ? dottedSection : null);
        if (section is not null)
        {
            return context.InsertLines(SectionEnd(section), context.NewLine + TableBlock(context, tablePath, key, values));
        }

        return AddHeaderBeforeFirstSubTable(context, ancestor, tablePath, key, values);
    }

    private static TextEdit AddToSection(EditContext context, Section section, string keyText, string key, IReadOnlyList<string> values)
    {
        var indent = section.KeyValues.Count > 0 ? context.IndentAt(section.KeyValues[^1].Start)
            : section.Header is { } header ? context.IndentAt(header.Start) + context.KeyIndentUnderHeader()
            : "";
        if (CommentedKeyFinder.Find(context, section, key) is { } commented)
        {
            var commentIndent = section.KeyValues.Count > 0 ? indent : context.IndentAt(commented.CommentStart);
            return context.InsertLines(commented.BlockEnd, KeyLine(context, commentIndent, keyText, values));
        }

        if (section.Header is null && section.KeyValues.Count == 0 && context.Sections.Count > 1)
        {
            // Root keys must precede the first header.
            var firstHeader = context.Sections[1].Header!;
            return context.InsertLines(context.LineStart(firstHeader.Start), KeyLine(context, "", keyText, values) + context.NewLine);
        }

        var position = section.KeyValues.Count > 0 ? section.KeyValues[^1].FullEnd
            : section.Header is { } emptyHeader ? AfterHeaderComment(context, section, emptyHeader)
            : context.Text.Length;
        return context.InsertLines(position, KeyLine(context, indent, keyText, values));
    }

    /// <summary>
    /// In a table without keys: after the header line and the comment lines right below it that describe the table
    /// (<c>[storage.options]</c> + <c># Storage options to be passed…</c>), unless those comments run straight into
    /// the next header (then they describe that one).
    /// </summary>
    private static int AfterHeaderComment(EditContext context, Section section, TableSyntax header)
    {
        var text = context.Text;
        var index = context.Sections.IndexOf(section);
        var limit = index + 1 < context.Sections.Count ? context.Sections[index + 1].Header!.Start : text.Length;
        var position = header.FullEnd;
        if (!context.AtLineStart(position))
        {
            return position;
        }

        var end = position;
        while (end < limit)
        {
            var lineEnd = text.IndexOf('\n', end, limit - end) is var nl and >= 0 ? nl + 1 : limit;
            var line = text.AsSpan(end, lineEnd - end).Trim();
            if (!line.StartsWith("#"))
            {
                // A blank line closes the header's own comment block.
                return line.IsEmpty ? end : position;
            }

            end = lineEnd;
        }

        // The comments reach the end of the file (theirs), or run into the next header (its).
        return limit == text.Length ? end : position;
    }

    private static TextEdit AddToInlineTable(EditContext context, InlineTableSyntax inline, string key, IReadOnlyList<string> values)
    {
        var entry = TomlKeyFormatter.FormatKey(key) + " = " + ArrayRenderer.Render(values, allowMultiLine: false, "", "", context.NewLine);
        return inline.Items.Count > 0
            ? new TextEdit(inline.Items[^1].KeyValue.End, inline.Items[^1].KeyValue.End, ", " + entry)
            : new TextEdit(inline.Start, inline.End, "{ " + entry + " }");
    }

    /// <summary>Null when no sub-table header exists (a table made only by dotted keys inside an inline table).</summary>
    private static TextEdit? AddHeaderBeforeFirstSubTable(EditContext context, IReadOnlyList<string> parent, IReadOnlyList<string> tablePath, string key, IReadOnlyList<string> values)
    {
        if (context.Sections.FirstOrDefault(s => s.Header is not null && s.Path.Count > parent.Count && EditContext.StartsWith(s.Path, parent))?.Header is not { } first)
        {
            return null;
        }

        var position = CommentBlockStart(context, first);
        return context.InsertLines(position, TableBlock(context, tablePath, key, values) + context.NewLine);
    }

    /// <summary>The start of the comment lines directly above a header (no blank line in between), or of its own line.</summary>
    private static int CommentBlockStart(EditContext context, TableSyntax header)
    {
        var text = context.Text;
        var start = context.LineStart(header.Start);
        while (start > header.FullStart)
        {
            var previous = context.LineStart(start - 1);
            if (previous < header.FullStart || !text.AsSpan(previous, start - previous).TrimStart(" \t").StartsWith("#"))
            {
                break;
            }

            start = previous;
        }

        return start;
    }

    private static int SectionEnd(Section section) =>
        section.KeyValues.Count > 0 ? section.KeyValues[^1].FullEnd : section.Header!.FullEnd;

    private static TextEdit AppendAtEnd(EditContext context, string block)
    {
        var text = context.Text;
        var nl = context.NewLine;
        if (text.Trim('\uFEFF').Length == 0)
        {
            return new TextEdit(text.Length, text.Length, block);
        }

        if (!text.EndsWith('\n'))
        {
            // Keep a file that had no final line break without one.
            return new TextEdit(text.Length, text.Length, nl + nl + block[..^nl.Length]);
        }

        var separator = text.EndsWith(nl + nl, StringComparison.Ordinal) ? "" : nl;
        return new TextEdit(text.Length, text.Length, separator + block);
    }

    private static string TableBlock(EditContext context, IReadOnlyList<string> tablePath, string key, IReadOnlyList<string> values)
    {
        var headerIndent = context.HeaderIndent(tablePath.Count);
        var keyIndent = headerIndent + context.KeyIndentUnderHeader();
        return headerIndent + "[" + TomlKeyFormatter.FormatPath(tablePath) + "]" + context.NewLine
            + KeyLine(context, keyIndent, TomlKeyFormatter.FormatKey(key), values);
    }

    private static string KeyLine(EditContext context, string indent, string keyText, IReadOnlyList<string> values) =>
        indent + keyText + " = " + ArrayRenderer.Render(values, allowMultiLine: true, indent, context.ArrayIndentUnit(), context.NewLine) + context.NewLine;
}
