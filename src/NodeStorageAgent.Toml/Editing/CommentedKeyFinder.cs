using NodeStorageAgent.Toml.Syntax;

namespace NodeStorageAgent.Toml.Editing;

/// <summary>
/// Finds a commented-out definition of a key (<c># key = …</c> or <c>#key = [</c> … <c>#]</c>) among the comment lines
/// at the top level of a section: above its key/values and after the last one (never inside a value, never a
/// commented header: only the key's own name before <c>=</c> matches).
/// </summary>
internal static class CommentedKeyFinder
{
    public sealed record Match(int CommentStart, int BlockEnd);

    public static Match? Find(EditContext context, Section section, string key)
    {
        foreach (var (start, end) in Regions(context, section))
        {
            if (FindIn(context.Text, start, end, key) is { } match)
            {
                return match;
            }
        }

        return null;
    }

    private static IEnumerable<(int Start, int End)> Regions(EditContext context, Section section)
    {
        foreach (var keyValue in section.KeyValues)
        {
            yield return (keyValue.FullStart, keyValue.Start);
        }

        var index = context.Sections.IndexOf(section);
        SyntaxToken next = index + 1 < context.Sections.Count
            ? context.Sections[index + 1].Header!.OpenBracket
            : context.Document.Syntax.EndOfFile!;
        yield return (next.TokenFullStart, next.TokenStart);
    }

    private static Match? FindIn(string text, int start, int end, string key)
    {
        var line = start;
        while (line < end)
        {
            var lineEnd = LineEnd(text, line, end);
            if (IsCommentedKey(text.AsSpan(line, lineEnd - line), key, out var hash, out var opensArray))
            {
                var blockEnd = lineEnd;
                if (opensArray)
                {
                    // A commented multi-line array: extend over the comment lines up to the one holding ']'.
                    var next = lineEnd;
                    while (next < end)
                    {
                        var nextEnd = LineEnd(text, next, end);
                        var content = text.AsSpan(next, nextEnd - next).Trim();
                        if (!content.StartsWith("#"))
                        {
                            break;
                        }

                        if (content.Contains(']'))
                        {
                            blockEnd = nextEnd;
                            break;
                        }

                        next = nextEnd;
                    }
                }

                return new Match(line + hash, blockEnd);
            }

            line = lineEnd;
        }

        return null;
    }

    private static int LineEnd(string text, int from, int limit)
    {
        var nl = text.IndexOf('\n', from, limit - from);
        return nl < 0 ? limit : nl + 1;
    }

    private static bool IsCommentedKey(ReadOnlySpan<char> line, string key, out int hash, out bool opensArray)
    {
        opensArray = false;
        var trimmed = line.TrimStart(" \t");
        hash = line.Length - trimmed.Length;
        if (!trimmed.StartsWith("#"))
        {
            return false;
        }

        var rest = trimmed[1..].TrimStart(" \t");
        if (!rest.StartsWith(key, StringComparison.Ordinal))
        {
            return false;
        }

        rest = rest[key.Length..].TrimStart(" \t");
        if (!rest.StartsWith("="))
        {
            return false;
        }

        opensArray = rest.Contains('[') && !rest.Contains(']');
        return true;
    }
}
