namespace NodeStorageAgent.Toml.Text;

/// <summary>Maps UTF-16 offsets to <see cref="TomlPosition"/>s. Built lazily, once, on the first lookup.</summary>
internal sealed class LineMap
{
    private readonly string _text;
    private int[]? _lineStarts;

    public LineMap(string text) => _text = text;

    public TomlPosition GetPosition(int offset)
    {
        var starts = _lineStarts ??= ComputeLineStarts(_text);
        offset = Math.Clamp(offset, 0, _text.Length);
        var index = Array.BinarySearch(starts, offset);
        var line = index >= 0 ? index : ~index - 1;
        var column = 1;
        for (var i = starts[line]; i < offset; i++)
        {
            var c = _text[i];
            if (char.IsLowSurrogate(c) && i > starts[line] && char.IsHighSurrogate(_text[i - 1]))
            {
                continue;
            }

            if (i == 0 && c == '\uFEFF')
            {
                continue;
            }

            column++;
        }

        return new TomlPosition(line + 1, column);
    }

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        var index = 0;
        while ((index = text.IndexOf('\n', index)) >= 0)
        {
            starts.Add(++index);
        }

        return [.. starts];
    }
}
