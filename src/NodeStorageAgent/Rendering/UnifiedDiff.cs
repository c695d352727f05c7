using System.Text;

namespace NodeStorageAgent.Rendering;

/// <summary>
/// Pure: a unified diff (as <c>diff -u</c> prints it) between two versions of a text file, for <c>plan</c>.
/// Common prefix and suffix are trimmed first, then the changed middle is aligned with a longest-common-subsequence
/// table; our edits touch a few lines of small files, so the table stays tiny.
/// </summary>
public static class UnifiedDiff
{
    private const int Context = 3;

    public static string Create(string oldName, string newName, string? oldText, string? newText)
    {
        var a = SplitLines(oldText);
        var b = SplitLines(newText);
        var edits = Align(a, b);
        if (edits.All(e => e.Op == ' '))
        {
            return "";
        }

        var output = new StringBuilder();
        output.Append("--- ").Append(oldText is null ? "/dev/null" : oldName).Append('\n');
        output.Append("+++ ").Append(newText is null ? "/dev/null" : newName).Append('\n');
        foreach (var hunk in Hunks(edits))
        {
            AppendHunk(output, edits, hunk.Start, hunk.End);
        }

        return output.ToString();
    }

    private readonly record struct Edit(char Op, string Line, int OldLine, int NewLine);

    private static List<string> SplitLines(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var lines = text.Split('\n').ToList();
        if (text.EndsWith('\n'))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    private static List<Edit> Align(List<string> a, List<string> b)
    {
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[a.Count - 1 - suffix] == b[b.Count - 1 - suffix])
        {
            suffix++;
        }

        var n = a.Count - prefix - suffix;
        var m = b.Count - prefix - suffix;
        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lcs[i, j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var edits = new List<Edit>(a.Count + b.Count);
        for (var k = 0; k < prefix; k++)
        {
            edits.Add(new Edit(' ', a[k], k + 1, k + 1));
        }

        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[prefix + x] == b[prefix + y])
            {
                edits.Add(new Edit(' ', a[prefix + x], prefix + x + 1, prefix + y + 1));
                x++;
                y++;
            }
            else if (y < m && (x == n || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                edits.Add(new Edit('+', b[prefix + y], prefix + x + 1, prefix + y + 1));
                y++;
            }
            else
            {
                edits.Add(new Edit('-', a[prefix + x], prefix + x + 1, prefix + y + 1));
                x++;
            }
        }

        for (var k = 0; k < suffix; k++)
        {
            var oi = a.Count - suffix + k;
            var ni = b.Count - suffix + k;
            edits.Add(new Edit(' ', a[oi], oi + 1, ni + 1));
        }

        return edits;
    }

    private static IEnumerable<(int Start, int End)> Hunks(List<Edit> edits)
    {
        var changed = Enumerable.Range(0, edits.Count).Where(i => edits[i].Op != ' ').ToList();
        var start = Math.Max(0, changed[0] - Context);
        var end = Math.Min(edits.Count, changed[0] + Context + 1);
        foreach (var i in changed.Skip(1))
        {
            if (i - Context <= end)
            {
                end = Math.Min(edits.Count, i + Context + 1);
                continue;
            }

            yield return (start, end);
            start = i - Context;
            end = Math.Min(edits.Count, i + Context + 1);
        }

        yield return (start, end);
    }

    private static void AppendHunk(StringBuilder output, List<Edit> edits, int start, int end)
    {
        var slice = edits.GetRange(start, end - start);
        var oldCount = slice.Count(e => e.Op != '+');
        var newCount = slice.Count(e => e.Op != '-');
        var oldStart = oldCount == 0 ? slice[0].OldLine - 1 : slice.First(e => e.Op != '+').OldLine;
        var newStart = newCount == 0 ? slice[0].NewLine - 1 : slice.First(e => e.Op != '-').NewLine;
        output.Append($"@@ -{oldStart},{oldCount} +{newStart},{newCount} @@\n");
        foreach (var e in slice)
        {
            output.Append(e.Op).Append(e.Line).Append('\n');
        }
    }
}
