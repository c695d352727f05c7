using NodeStorageAgent.Toml.Editing;
using NodeStorageAgent.Toml.Syntax;

namespace NodeStorageAgent.Toml;

/// <summary>
/// Minimal, layout-preserving edits of someone else's TOML file. An edit is a single text replacement computed from
/// the syntax tree; every byte outside the replaced span stays as it was. The result is re-parsed and must decode to
/// the original with only the target key changed, otherwise the edit is refused with a diagnostic. Documents with
/// errors are never edited. See <see cref="ArrayRewriter"/> and <see cref="InsertionPlanner"/> for the layout rules.
/// </summary>
public static class TomlEditor
{
    /// <summary>Sets <c>tablePath.key</c> to an array of strings (creating the key or the table when absent).</summary>
    public static TomlEditResult SetStringArray(TomlDocument document, IReadOnlyList<string> tablePath, string key, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(tablePath);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(values);
        if (document.HasErrors)
        {
            return new TomlEditResult(null, document.Diagnostics);
        }

        var fullPath = tablePath.Append(key).ToArray();
        var (table, depth, blocker) = Resolve(document.Root, tablePath);
        if (blocker is not null)
        {
            return Fail(document, blocker.Position, $"cannot set '{Format(fullPath)}': '{Format(tablePath.Take(depth + 1))}' is {Describe(blocker)}, not a table");
        }

        var context = new EditContext(document);
        var expected = new TomlArray(values.Select(v => (TomlValue)new TomlString(v)));
        TextEdit? edit;
        if (table is null)
        {
            var ancestor = Resolve(document.Root, tablePath.Take(depth).ToArray()).Table!;
            if (ancestor.IsInline)
            {
                return Fail(document, ancestor.Position, $"cannot create table '{Format(tablePath)}' inside the inline table '{Format(tablePath.Take(depth))}'");
            }

            edit = InsertionPlanner.AddTable(context, tablePath, depth, key, values);
        }
        else if (!table.TryGetValue(key, out var existing))
        {
            edit = InsertionPlanner.AddKey(context, table, tablePath, key, values);
        }
        else if (TomlValueComparer.DeepEquals(existing, expected))
        {
            return new TomlEditResult(document, []);
        }
        else if (existing is TomlTable or TomlArray { IsArrayOfTables: true })
        {
            return Fail(document, existing.Position, $"cannot set '{Format(fullPath)}': it is {Describe(existing)}");
        }
        else if (KeyLocator.FindKey(context, fullPath) is { } location)
        {
            edit = location.KeyValue.Value is ArraySyntax array
                ? ArrayRewriter.Rewrite(context, array, values)
                : ReplaceValue(context, location, values);
        }
        else
        {
            edit = null;
        }

        return edit is { } change
            ? Finish(document, change, fullPath, expected)
            : Fail(document, table?.Position ?? new TomlPosition(1, 1), $"cannot set '{Format(fullPath)}': the way its table is written is not supported for editing");
    }

    /// <summary>Removes <c>tablePath.key</c>: its whole line(s) with its own end-of-line comment, or its inline-table entry.</summary>
    public static TomlEditResult RemoveKey(TomlDocument document, IReadOnlyList<string> tablePath, string key)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(tablePath);
        ArgumentNullException.ThrowIfNull(key);
        if (document.HasErrors)
        {
            return new TomlEditResult(null, document.Diagnostics);
        }

        var fullPath = tablePath.Append(key).ToArray();
        var (table, depth, blocker) = Resolve(document.Root, tablePath);
        if (blocker is not null)
        {
            return Fail(document, blocker.Position, $"cannot remove '{Format(fullPath)}': '{Format(tablePath.Take(depth + 1))}' is {Describe(blocker)}, not a table");
        }

        if (table is null || !table.TryGetValue(key, out var existing))
        {
            return new TomlEditResult(document, []);
        }

        var context = new EditContext(document);
        if (KeyLocator.FindKey(context, fullPath) is not { } location)
        {
            return Fail(document, existing.Position, $"cannot remove '{Format(fullPath)}': it is {Describe(existing)}");
        }

        return Finish(document, RemoveEntry(context, location), fullPath, expected: null);
    }

    private static TextEdit ReplaceValue(EditContext context, KeyLocation location, IReadOnlyList<string> values)
    {
        var value = location.KeyValue.Value!;
        var indent = context.IndentAt(location.KeyValue.Start);
        var text = ArrayRenderer.Render(values, allowMultiLine: location.InlineTable is null, indent, context.ArrayIndentUnit(), context.NewLine);
        return new TextEdit(value.Start, value.End, text);
    }

    private static TextEdit RemoveEntry(EditContext context, KeyLocation location)
    {
        var keyValue = location.KeyValue;
        if (location.InlineTable is { } inline)
        {
            var items = inline.Items;
            var i = location.Index;
            return items.Count == 1 ? new TextEdit(inline.OpenBrace.TokenEnd, inline.CloseBrace!.TokenStart, "")
                : i < items.Count - 1 ? new TextEdit(keyValue.Start, items[i + 1].KeyValue.Start, "")
                : new TextEdit(items[i - 1].Comma!.TokenStart, keyValue.End, "");
        }

        var text = context.Text;
        var start = context.LineStart(keyValue.Start);
        if (start == 0 && text.Length > 0 && text[0] == '\uFEFF')
        {
            start = 1;
        }

        var end = keyValue.FullEnd;
        if (!context.AtLineStart(end) && end == text.Length && start > 0)
        {
            // Last line of a file without a final line break: take the line break before it instead.
            start -= start >= 2 && text[start - 2] == '\r' ? 2 : 1;
        }

        return new TextEdit(start, end, "");
    }

    private static TomlEditResult Finish(TomlDocument document, TextEdit edit, string[] fullPath, TomlValue? expected)
    {
        var edited = TomlDocument.Parse(edit.ApplyTo(document.Text), document.SourceName);
        if (edited.HasErrors)
        {
            return new TomlEditResult(null, [.. edited.Diagnostics.Select(d => d with { Message = $"editing '{Format(fullPath)}' would produce invalid TOML: {d.Message}" })]);
        }

        if (!EditVerifier.OnlyKeyChanged(document.Root, edited.Root, fullPath, expected))
        {
            return Fail(document, new TomlPosition(1, 1), $"editing '{Format(fullPath)}' would change other values; the document was left unchanged");
        }

        return new TomlEditResult(edited, []);
    }

    /// <summary>Walks <paramref name="path"/>: the table, or how deep it exists, or the non-table value in the way.</summary>
    private static (TomlTable? Table, int Depth, TomlValue? Blocker) Resolve(TomlTable root, IReadOnlyList<string> path)
    {
        var current = root;
        for (var i = 0; i < path.Count; i++)
        {
            if (!current.TryGetValue(path[i], out var next))
            {
                return (null, i, null);
            }

            if (next is not TomlTable table)
            {
                return (null, i, next);
            }

            current = table;
        }

        return (current, path.Count, null);
    }

    private static TomlEditResult Fail(TomlDocument document, TomlPosition position, string message) =>
        new(null, [new TomlDiagnostic(document.SourceName, position.Line > 0 ? position : new TomlPosition(1, 1), message)]);

    private static string Format(IEnumerable<string> path) => TomlKeyFormatter.FormatPath(path);

    private static string Describe(TomlValue value) => value switch
    {
        TomlArray { IsArrayOfTables: true } => "an array of tables",
        TomlTable => "a table",
        _ => $"a {value.Kind.ToString().ToLowerInvariant()}",
    };
}
