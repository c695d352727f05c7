using FsCheck;
using FsCheck.Fluent;

namespace NodeStorageAgent.Toml.Tests.Properties;

/// <summary>
/// Generates valid TOML documents full of layout noise: comments, blank lines with spaces, indentation, CRLF, a BOM,
/// odd spacing around '=', every string kind with escapes, single- and multi-line arrays with comments and
/// trailing commas, inline tables, dotted keys, and a [storage.options] table in the shapes the agent edits.
/// Key and table names come from disjoint pools so every generated document is valid by construction.
/// </summary>
internal static class TomlDocumentGenerators
{
    private static readonly string[] s_tableNames = ["t0", "t1.x", "\"t 2\"", "t3.'y z'"];

    public static Gen<string> Document() =>
        from newLine in Gen.Elements("\n", "\r\n")
        from bom in Gen.Frequency((1, Gen.Constant("\uFEFF")), (5, Gen.Constant("")))
        from head in Trivia(newLine)
        from rootKeys in Gen.Choose(0, 3)
        from root in Gen.CollectToArray(Enumerable.Range(0, rootKeys), i => KeyValue($"root{i}", newLine))
        from tableNames in Gen.Shuffle(s_tableNames).SelectMany(names => Gen.Choose(0, 4).Select(n => names.Take(n).ToArray()))
        from tables in Gen.CollectToArray(tableNames, name => Table(name, newLine))
        from storage in Gen.Frequency((3, StorageOptions(newLine)), (1, Gen.Constant("")))
        from storagePosition in Gen.Choose(0, tables.Length)
        from tail in Trivia(newLine)
        from finalNewLine in Gen.Elements(true, false)
        let body = bom + head + string.Concat(root) + string.Concat(tables.Take(storagePosition)) + storage + string.Concat(tables.Skip(storagePosition)) + tail
        select finalNewLine || !body.EndsWith(newLine, StringComparison.Ordinal) ? body : body[..^newLine.Length];

    public static Gen<string[]> StoreValues() =>
        Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Gen.Elements("/a", "/b", "/mnt/with space", "quote\"d", "back\\slash", "tab\there", "é/ü", "/c:ref"), n));

    private static Gen<string> Trivia(string newLine) =>
        Gen.ListOf(Gen.Elements("", "  ", "\t", "# comment", "  # indented comment", "#", "# tab\tand é ✓", "# [storage.options]", "# key = [\"x\"]"), 3)
            .Select(lines => string.Concat(lines.Select(l => l + newLine)));

    private static Gen<string> Table(string name, string newLine) =>
        from lead in Trivia(newLine)
        from indent in Gen.Elements("", "  ")
        from comment in Gen.Elements("", " # header comment")
        from count in Gen.Choose(0, 3)
        from keyValues in Gen.CollectToArray(Enumerable.Range(0, count), i => KeyValue($"k{i}", newLine))
        select lead + indent + "[" + name + "]" + comment + newLine + string.Concat(keyValues);

    private static Gen<string> KeyValue(string key, string newLine) =>
        from lead in Gen.Frequency((3, Gen.Constant("")), (1, Trivia(newLine)))
        from indent in Gen.Elements("", "  ", "\t")
        from keyText in Gen.Elements(key, $"\"{key}\"", $"'{key}'", $"{key}.inner", $"{key} . \"in ner\"")
        from assign in Gen.Elements(" = ", "=", "  =\t")
        from value in Value(newLine, depth: 0)
        from comment in Gen.Elements("", " # trailing", "\t#", " # é")
        select lead + indent + keyText + assign + value + comment + newLine;

    private static Gen<string> Value(string newLine, int depth)
    {
        var scalars = Gen.Elements(
            "42", "-0", "0xDEAD_beef", "0o17", "0b101", "1_000", "+3.5e-2", "inf", "nan", "true", "false",
            "\"plain\"", "\"esc \\\" \\\\ \\t \\n \\u00e9 \\U0001F600\"", "'literal \\ no escape'", "\"\"",
            "\"\"\"" + newLine + "multi" + newLine + "line \\" + newLine + "   joined\"\"\"", "'''" + newLine + "raw '' quotes" + newLine + "'''",
            "1979-05-27T07:32:00Z", "1979-05-27 07:32:00.999", "1979-05-27", "07:32:00");
        if (depth >= 2)
        {
            return scalars;
        }

        return Gen.Frequency(
            (6, scalars),
            (2, Gen.ListOf(Value(newLine, depth + 1), 3).Select(items => "[" + string.Join(", ", items) + "]")),
            (2, MultiLineArray(newLine, depth)),
            (1, Gen.ListOf(Value(newLine, depth + 1), 2).Select(items =>
                "{ " + string.Join(", ", items.Select((v, i) => (i == 1 ? "d.e" : "c" + i) + " = " + v)) + " }")),
            (1, Gen.Constant("{}")));
    }

    private static Gen<string> MultiLineArray(string newLine, int depth) =>
        from items in Gen.ListOf(Value(newLine, depth + 1), 3)
        from indent in Gen.Elements("  ", "    ", "\t")
        from trailingComma in Gen.Elements(true, false)
        from comments in Gen.ArrayOf(Gen.Elements("", " # item", "\t# é"), 3)
        from between in Gen.Elements("", indent + "# between" + newLine)
        let lines = items.Select((v, i) => indent + v + (i < items.Count - 1 || trailingComma ? "," : "") + comments[i] + newLine)
        select "[" + newLine + string.Join(between, lines) + "]";

    /// <summary>[storage.options] in the shapes found in real files, with or without the key the property edits.</summary>
    private static Gen<string> StorageOptions(string newLine) =>
        from lead in Trivia(newLine)
        from shape in Gen.Elements(
            "[storage.options]" + newLine + "additionalimagestores = [" + newLine + "]" + newLine,
            "[storage.options]" + newLine + "additionalimagestores = [\"/old\", \"/a\"] # keep" + newLine,
            "[storage.options]" + newLine + "additionalimagestores = [" + newLine + "    \"/a\", # first" + newLine + "    # about old" + newLine + "    \"/old\"," + newLine + "]" + newLine,
            "[storage.options]" + newLine + "size = \"\"" + newLine + "# additionalimagestores = []" + newLine,
            "[storage.options]" + newLine + "size = \"\"" + newLine,
            "[storage.options]" + newLine + "pull_options = {enable_partial_images = \"false\", ostree_repos=\"\"}" + newLine,
            "[storage.options]" + newLine,
            "[storage]" + newLine + "driver = \"overlay\"" + newLine,
            "[storage]" + newLine + "options.size = \"\"" + newLine + "driver = \"overlay\"" + newLine,
            "[storage]" + newLine + "options.additionalimagestores = [\"/a\"] # dotted" + newLine,
            "[storage]" + newLine + "options = { additionalimagestores = [ \"/a\" ], size = \"\" }" + newLine,
            "[storage]" + newLine + "options = {}" + newLine,
            "[storage.options.overlay]" + newLine + "mountopt = \"nodev\"" + newLine)
        select lead + shape;
}
