using NodeStorageAgent.Toml.Parsing;
using NodeStorageAgent.Toml.Syntax;
using NodeStorageAgent.Toml.Text;

namespace NodeStorageAgent.Toml.Semantics;

/// <summary>
/// The semantic pass: walks a syntactically valid tree, decodes values from the raw text and enforces TOML 1.0's
/// definition rules (no duplicate keys, tables defined once, inline tables and static arrays closed, dotted keys
/// vs headers, arrays of tables). It reports every violation and skips the offending key/value or section.
/// </summary>
internal sealed class DocumentBuilder
{
    private readonly string _text;
    private readonly LineMap _lines;
    private readonly DiagnosticBag _diagnostics;
    private int _section;

    /// <summary>Bare keys repeat a lot (every section has its "size"): decode each distinct spelling once.</summary>
    private readonly HashSet<string> _bareKeys = new(StringComparer.Ordinal);

    public DocumentBuilder(string text, LineMap lines, DiagnosticBag diagnostics)
    {
        _text = text;
        _lines = lines;
        _diagnostics = diagnostics;
    }

    public TomlTable Build(DocumentSyntax document)
    {
        var root = new TomlTable(TableOrigin.Root);
        root.SetSource(_lines, 0);
        foreach (var keyValue in document.KeyValues)
        {
            AddKeyValue(root, keyValue);
        }

        foreach (var table in document.Tables)
        {
            _section++;
            if (DefineTable(root, table) is { } target)
            {
                foreach (var keyValue in table.KeyValues)
                {
                    AddKeyValue(target, keyValue);
                }
            }
        }

        return root;
    }

    public string KeyPart(SyntaxToken part)
    {
        if (part.Kind != TokenKind.BareKey)
        {
            return StringDecoder.Decode(part.Kind, part.Text(_text));
        }

        var lookup = _bareKeys.GetAlternateLookup<ReadOnlySpan<char>>();
        var text = part.Text(_text);
        if (!lookup.TryGetValue(text, out var key))
        {
            key = text.ToString();
            _bareKeys.Add(key);
        }

        return key;
    }

    private TomlTable? DefineTable(TomlTable root, TableSyntax header)
    {
        var parts = header.Key.Parts;
        var current = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var name = KeyPart(parts[i]);
            if (!current.TryGetValue(name, out var existing))
            {
                var created = new TomlTable(TableOrigin.Implicit);
                created.SetSource(_lines, header.Start);
                current.Add(name, created, _lines, parts[i].TokenStart);
                current = created;
            }
            else if (existing is TomlTable { IsInline: false } table)
            {
                current = table;
            }
            else if (existing is TomlArray { IsArrayOfTables: true } tables)
            {
                current = (TomlTable)tables[^1];
            }
            else
            {
                return Fail(parts[i], $"cannot define table '{Path(parts, i + 1)}': '{Path(parts, i + 1)}' is {Describe(existing)}");
            }
        }

        var last = parts[^1];
        var lastName = KeyPart(last);
        current.TryGetValue(lastName, out var target);
        if (header.IsArrayOfTables)
        {
            if (target is not null and not TomlArray { IsArrayOfTables: true })
            {
                return Fail(last, $"cannot define array of tables '{Path(parts, parts.Length)}': it is already {Describe(target)}");
            }

            var element = new TomlTable(TableOrigin.ArrayElement);
            element.SetSource(_lines, header.Start);
            if (target is TomlArray existingArray)
            {
                existingArray.Add(element);
            }
            else
            {
                var array = new TomlArray(isArrayOfTables: true);
                array.SetSource(_lines, header.Start);
                array.Add(element);
                current.Add(lastName, array, _lines, last.TokenStart);
            }

            return element;
        }

        if (target is null)
        {
            var table = new TomlTable(TableOrigin.Header);
            table.SetSource(_lines, header.Start);
            current.Add(lastName, table, _lines, last.TokenStart);
            return table;
        }

        if (target is TomlTable { Origin: TableOrigin.Implicit, DottedSection: 0 } implicitTable)
        {
            implicitTable.Origin = TableOrigin.Header;
            implicitTable.SetSource(_lines, header.Start);
            return implicitTable;
        }

        return Fail(last, $"cannot define table '{Path(parts, parts.Length)}': it is already {Describe(target)}");
    }

    private void AddKeyValue(TomlTable table, KeyValueSyntax keyValue)
    {
        var parts = keyValue.Key.Parts;
        var current = table;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var name = KeyPart(parts[i]);
            if (!current.TryGetValue(name, out var existing))
            {
                var created = new TomlTable(TableOrigin.Dotted) { DottedSection = _section };
                created.SetSource(_lines, parts[i].TokenStart);
                current.Add(name, created, _lines, parts[i].TokenStart);
                current = created;
                continue;
            }

            if (existing is TomlTable { Origin: TableOrigin.Dotted or TableOrigin.Implicit } next
                && (next.DottedSection == 0 || next.DottedSection == _section))
            {
                next.DottedSection = _section;
                current = next;
                continue;
            }

            Fail(parts[i], $"cannot set '{Path(parts, parts.Length)}': '{Path(parts, i + 1)}' is already {Describe(existing)}");
            return;
        }

        var last = parts[^1];
        var lastName = KeyPart(last);
        if (current.TryGetValue(lastName, out var duplicate))
        {
            Fail(last, $"duplicate key '{Path(parts, parts.Length)}' (already {Describe(duplicate)})");
            return;
        }

        current.Add(lastName, BuildValue(keyValue.Value!), _lines, last.TokenStart);
    }

    private TomlValue BuildValue(ValueSyntax syntax)
    {
        TomlValue value = syntax switch
        {
            ScalarValueSyntax scalar => BuildScalar(scalar),
            ArraySyntax array => BuildArray(array),
            InlineTableSyntax inlineTable => BuildInlineTable(inlineTable),
            _ => throw new InvalidOperationException("unknown value syntax " + syntax.GetType().Name),
        };
        value.SetSource(_lines, syntax.Start);
        return value;
    }

    private TomlValue BuildScalar(ScalarValueSyntax scalar)
    {
        var text = scalar.Token.Text(_text);
        switch (scalar.Kind)
        {
            case TomlValueKind.String:
                return new TomlString(StringDecoder.Decode(scalar.Token.Kind, text));
            case TomlValueKind.Boolean:
                return new TomlBoolean(text is "true");
            case TomlValueKind.Integer:
                IntegerDecoder.TryDecode(text, out var integer, out _);
                return new TomlInteger(integer);
            case TomlValueKind.Float:
                FloatDecoder.TryDecode(text, out var number, out _);
                return new TomlFloat(number);
            default:
                DateTimeDecoder.TryDecode(text, out var dateTime, out _);
                return dateTime!;
        }
    }

    private TomlArray BuildArray(ArraySyntax syntax)
    {
        var array = new TomlArray(isArrayOfTables: false);
        foreach (var item in syntax.Items)
        {
            array.Add(BuildValue(item.Value));
        }

        return array;
    }

    private TomlTable BuildInlineTable(InlineTableSyntax syntax)
    {
        var table = new TomlTable(TableOrigin.Dotted) { DottedSection = _section };
        foreach (var item in syntax.Items)
        {
            AddKeyValue(table, item.KeyValue);
        }

        Close(table);
        return table;
    }

    /// <summary>An inline table and every table its dotted keys created are closed once the braces close.</summary>
    private static void Close(TomlTable table)
    {
        table.Origin = TableOrigin.Inline;
        foreach (var (_, value) in table)
        {
            if (value is TomlTable { Origin: TableOrigin.Dotted } child)
            {
                Close(child);
            }
        }
    }

    private TomlTable? Fail(SyntaxToken at, string message)
    {
        _diagnostics.Add(at.TokenStart, message);
        return null;
    }

    private string Path(SyntaxToken[] parts, int count)
    {
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = KeyPart(parts[i]);
        }

        return TomlKeyFormatter.FormatPath(names);
    }

    private static string Describe(TomlValue value) => value switch
    {
        TomlTable { IsInline: true } => "an inline table (closed to extension)",
        TomlTable { Origin: TableOrigin.Header or TableOrigin.ArrayElement } => "a table defined by a header",
        TomlTable { Origin: TableOrigin.Dotted } => "a table defined by dotted keys",
        TomlTable => "a table",
        TomlArray { IsArrayOfTables: true } => "an array of tables",
        TomlArray => "a static array (closed to extension)",
        _ => Article(value.Kind.ToString().ToLowerInvariant()) + " value",
    };

    private static string Article(string word) => ("aeiou".Contains(word[0], StringComparison.Ordinal) ? "an " : "a ") + word;
}
