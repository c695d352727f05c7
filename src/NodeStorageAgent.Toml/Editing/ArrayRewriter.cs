using System.Text;
using NodeStorageAgent.Toml.Parsing;
using NodeStorageAgent.Toml.Syntax;

namespace NodeStorageAgent.Toml.Editing;

/// <summary>
/// Replaces the items of an existing array while keeping its layout. The edit covers the text from <c>[</c> to
/// <c>]</c> only; the key, the comment after the value and everything else stay.
/// <list type="bullet">
/// <item>A single-line array stays single-line (inner padding <c>[ "a" ]</c> kept).</item>
/// <item>A multi-line array keeps its item indentation, its trailing-comma habit, the text after <c>[</c> and the
/// closing bracket with the comment lines above it. An item whose string survives keeps its own text (quoting
/// style), the comment lines above it and its end-of-line comment; comments of removed items go with them; new
/// items get a line of their own with the item indentation.</item>
/// <item>An empty multi-line array (<c>[\n]</c>) gets one item per line, indented by the file's array indentation
/// relative to the closing bracket, with trailing commas.</item>
/// </list>
/// </summary>
internal static class ArrayRewriter
{
    public static TextEdit Rewrite(EditContext context, ArraySyntax array, IReadOnlyList<string> values)
    {
        var text = context.Text;
        var close = array.CloseBracket!;
        var multiLine = text.AsSpan(array.Start, close.TokenStart - array.Start).Contains('\n');
        var units = array.Items.Select(item => ItemUnit.Of(text, item)).ToList();
        var used = new bool[units.Count];
        var matched = values.Select(v => Match(units, used, v)).ToList();

        return new TextEdit(array.Start, array.End, multiLine
            ? MultiLine(context, array, units, matched, values)
            : SingleLine(text, array, units, matched, values));
    }

    private static int Match(List<ItemUnit> units, bool[] used, string value)
    {
        for (var i = 0; i < units.Count; i++)
        {
            if (!used[i] && units[i].StringValue == value)
            {
                used[i] = true;
                return i;
            }
        }

        return -1;
    }

    private static string SingleLine(string text, ArraySyntax array, List<ItemUnit> units, List<int> matched, IReadOnlyList<string> values)
    {
        var pad = units.Count > 0 && text[array.OpenBracket.TokenEnd] == ' ' ? " " : "";
        var items = values.Select((v, i) => matched[i] >= 0 ? units[matched[i]].Raw : TomlKeyFormatter.FormatBasicString(v));
        return values.Count == 0 ? "[]" : "[" + pad + string.Join(", ", items) + pad + "]";
    }

    private static string MultiLine(EditContext context, ArraySyntax array, List<ItemUnit> units, List<int> matched, IReadOnlyList<string> values)
    {
        var text = context.Text;
        var open = array.OpenBracket;
        var close = array.CloseBracket!;
        var newLine = context.NewLine;
        var trailingComma = units.Count == 0 || array.Items[^1].Comma is not null;
        var itemIndent = units.Select(u => u.Indent).FirstOrDefault(i => i is not null)
            ?? context.IndentAt(close.TokenStart) + context.ArrayIndentUnit();

        var sb = new StringBuilder();
        sb.Append(text, open.TokenStart, open.TokenFullEnd - open.TokenStart);
        for (var i = 0; i < values.Count; i++)
        {
            var comma = i < values.Count - 1 || trailingComma ? "," : "";
            if (matched[i] >= 0)
            {
                var unit = units[matched[i]];
                sb.Append(EndsLine(sb) && unit.Indent is null ? itemIndent : unit.Lead)
                  .Append(unit.Raw).Append(comma)
                  .Append(unit.After.Contains('\n', StringComparison.Ordinal) ? unit.After : unit.After.TrimEnd() + newLine);
            }
            else
            {
                sb.Append(EndsLine(sb) ? itemIndent : "").Append(TomlKeyFormatter.FormatBasicString(values[i])).Append(comma).Append(newLine);
            }
        }

        sb.Append(text, close.TokenFullStart, close.TokenEnd - close.TokenFullStart);
        return sb.ToString();
    }

    private static bool EndsLine(StringBuilder sb) => sb.Length > 0 && sb[^1] == '\n';

    /// <summary>One item's pieces: leading trivia, raw value text, and what follows it up to the next item (comma removed).</summary>
    private sealed record ItemUnit(string Lead, string Raw, string After, string? StringValue, bool StartsLine)
    {
        /// <summary>The item's own indentation when it starts a line, else null.</summary>
        public string? Indent => StartsLine ? Lead[(Lead.LastIndexOf('\n') + 1)..] : null;

        public static ItemUnit Of(string text, ArrayItemSyntax item)
        {
            var value = item.Value;
            var lead = text[value.FullStart..value.Start];
            var raw = text[value.Start..value.End];
            var after = item.Comma is { } comma
                ? text[value.End..comma.TokenStart] + text[comma.TokenEnd..comma.TokenFullEnd]
                : text[value.End..value.FullEnd];
            var decoded = value is ScalarValueSyntax { Kind: TomlValueKind.String } s ? StringDecoder.Decode(s.Token.Kind, raw) : null;
            var startsLine = lead.Contains('\n', StringComparison.Ordinal) || (value.FullStart > 0 && text[value.FullStart - 1] == '\n');
            return new ItemUnit(lead, raw, after, decoded, startsLine);
        }
    }
}
