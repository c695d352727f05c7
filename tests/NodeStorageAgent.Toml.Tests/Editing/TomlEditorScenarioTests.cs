using System.Text;
using NodeStorageAgent.Toml.Tests.Support;

namespace NodeStorageAgent.Toml.Tests.Editing;

/// <summary>Each layout case of the editor, with the exact expected text.</summary>
public class TomlEditorScenarioTests
{
    private static readonly string[] s_options = ["storage", "options"];
    private const string Key = "additionalimagestores";

    [Theory]
    [InlineData( // table absent, no parent: appended with a blank line
        "a = 1\n",
        "a = 1\n\n[storage.options]\nadditionalimagestores = [\"/x\"]\n")]
    [InlineData( // no final newline: stays without one
        "a = 1",
        "a = 1\n\n[storage.options]\nadditionalimagestores = [\"/x\"]")]
    [InlineData( // empty document
        "",
        "[storage.options]\nadditionalimagestores = [\"/x\"]\n")]
    [InlineData( // parent section exists: new section right after it, before other sections
        "[storage]\ndriver = \"overlay\"\n\n# next\n[other]\nx = 1\n",
        "[storage]\ndriver = \"overlay\"\n\n[storage.options]\nadditionalimagestores = [\"/x\"]\n\n# next\n[other]\nx = 1\n")]
    [InlineData( // table exists only implicitly: explicit header before the first sub-table and its comment
        "[storage]\ndriver = \"overlay\"\n\n# overlay options\n[storage.options.overlay]\nx = \"1\"\n",
        "[storage]\ndriver = \"overlay\"\n\n[storage.options]\nadditionalimagestores = [\"/x\"]\n\n# overlay options\n[storage.options.overlay]\nx = \"1\"\n")]
    [InlineData( // key absent: after the last key, before the comments of the next section
        "[storage.options]\nsize = \"\"\n\n# pull\n[storage.options.pull_options]\n",
        "[storage.options]\nsize = \"\"\nadditionalimagestores = [\"/x\"]\n\n# pull\n[storage.options.pull_options]\n")]
    [InlineData( // table without keys: after the comment describing it
        "[storage.options]\n# about options\n\n# next\n[x]\n",
        "[storage.options]\n# about options\nadditionalimagestores = [\"/x\"]\n\n# next\n[x]\n")]
    [InlineData( // table without keys whose comment belongs to the next header: right after the header
        "[storage.options]\n# about x\n[x]\n",
        "[storage.options]\nadditionalimagestores = [\"/x\"]\n# about x\n[x]\n")]
    [InlineData( // key absent, siblings indented: same indentation
        "[storage.options]\n  size = \"\"\n",
        "[storage.options]\n  size = \"\"\n  additionalimagestores = [\"/x\"]\n")]
    [InlineData( // commented-out key: right after it
        "[storage.options]\n# AdditionalImageStores ...\n# additionalimagestores = []\n\nsize = \"\"\n",
        "[storage.options]\n# AdditionalImageStores ...\n# additionalimagestores = []\nadditionalimagestores = [\"/x\"]\n\nsize = \"\"\n")]
    [InlineData( // commented-out multi-line key: after the whole commented block
        "[storage.options]\nsize = \"\"\n#additionalimagestores = [\n#  \"/old\",\n#]\n\n[x]\n",
        "[storage.options]\nsize = \"\"\n#additionalimagestores = [\n#  \"/old\",\n#]\nadditionalimagestores = [\"/x\"]\n\n[x]\n")]
    [InlineData( // a commented header is not a header
        "# [storage.options]\n[storage]\ndriver = \"\"\n",
        "# [storage.options]\n[storage]\ndriver = \"\"\n\n[storage.options]\nadditionalimagestores = [\"/x\"]\n")]
    [InlineData( // dotted key: edited in place, comment kept
        "[storage]\noptions.additionalimagestores = [\"/old\"] # mine\n",
        "[storage]\noptions.additionalimagestores = [\"/x\"] # mine\n")]
    [InlineData( // table defined by dotted keys: another dotted key
        "[storage]\noptions.size = \"\"\ndriver = \"overlay\"\n",
        "[storage]\noptions.size = \"\"\noptions.additionalimagestores = [\"/x\"]\ndriver = \"overlay\"\n")]
    [InlineData( // inline table: edited in place
        "[storage]\noptions = { additionalimagestores = [ \"/old\" ], size = \"\" }\n",
        "[storage]\noptions = { additionalimagestores = [ \"/x\" ], size = \"\" }\n")]
    [InlineData( // inline table without the key: entry appended
        "[storage]\noptions = {size = \"\"}\n",
        "[storage]\noptions = {size = \"\", additionalimagestores = [\"/x\"]}\n")]
    [InlineData( // single-line array
        "[storage.options]\nadditionalimagestores = [\"/a\", \"/b\"] # stores\n",
        "[storage.options]\nadditionalimagestores = [\"/x\"] # stores\n")]
    [InlineData( // a non-array value is replaced
        "[storage.options]\nadditionalimagestores = \"/a\"\n",
        "[storage.options]\nadditionalimagestores = [\"/x\"]\n")]
    public void SetStringArray_OneValue_ProducesExpectedText(string input, string expected) =>
        AssertEdit(input, ["/x"], expected);

    [Theory]
    [InlineData( // empty multi-line array (MCO, upstream storage.conf): multi-line, trailing commas
        "[storage.options]\nadditionalimagestores = [\n]\n",
        "[storage.options]\nadditionalimagestores = [\n  \"/a\",\n  \"/b\",\n]\n")]
    [InlineData( // empty multi-line array takes the file's array indentation
        "[crio.runtime]\nhooks = [\n    \"/h\",\n]\n[storage.options]\nadditionalimagestores = [\n]\n",
        "[crio.runtime]\nhooks = [\n    \"/h\",\n]\n[storage.options]\nadditionalimagestores = [\n    \"/a\",\n    \"/b\",\n]\n")]
    [InlineData( // multi-line without trailing comma keeps that habit; tab indentation kept
        "[storage.options]\nadditionalimagestores = [\n\t\"/a\"\n\t]\n",
        "[storage.options]\nadditionalimagestores = [\n\t\"/a\",\n\t\"/b\"\n\t]\n")]
    [InlineData( // new key with two values: multi-line
        "[storage.options]\nsize = \"\"\n",
        "[storage.options]\nsize = \"\"\nadditionalimagestores = [\n  \"/a\",\n  \"/b\",\n]\n")]
    [InlineData( // CRLF document: CRLF everywhere we write
        "[storage.options]\r\nadditionalimagestores = [\r\n]\r\n",
        "[storage.options]\r\nadditionalimagestores = [\r\n  \"/a\",\r\n  \"/b\",\r\n]\r\n")]
    [InlineData( // CRLF, key absent
        "[storage.options]\r\nsize = \"\"\r\n",
        "[storage.options]\r\nsize = \"\"\r\nadditionalimagestores = [\r\n  \"/a\",\r\n  \"/b\",\r\n]\r\n")]
    public void SetStringArray_TwoValues_ProducesExpectedText(string input, string expected) =>
        AssertEdit(input, ["/a", "/b"], expected);

    [Fact]
    public void SetStringArray_MultiLineWithComments_KeepsCommentsOfSurvivingItems()
    {
        var input = "[storage.options]\nadditionalimagestores = [ # stores\n    \"/keep\", # keep comment\n    # about drop\n    \"/drop\",\n    '/also', # also comment\n    # trailing note\n  ] # after\n";
        var expected = "[storage.options]\nadditionalimagestores = [ # stores\n    '/also', # also comment\n    \"/keep\", # keep comment\n    \"/new\",\n    # trailing note\n  ] # after\n";

        AssertEdit(input, ["/also", "/keep", "/new"], expected);
    }

    [Fact]
    public void SetStringArray_Escaping_WritesMinimalBasicStrings()
    {
        AssertEdit("[storage.options]\n", ["a\"b\\c\td\u0001é"], "[storage.options]\nadditionalimagestores = [\"a\\\"b\\\\c\\td\\u0001é\"]\n");
    }

    [Fact]
    public void SetStringArray_Bom_IsKept()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("[storage.options]\nsize = \"\"\n")).ToArray();
        var document = TomlDocument.Parse(bytes);

        var result = TomlEditor.SetStringArray(document, s_options, Key, ["/x"]);

        var edited = EditAssert.Succeeded(document, result, [.. s_options, Key], ["/x"]);
        Assert.Equal(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("[storage.options]\nsize = \"\"\nadditionalimagestores = [\"/x\"]\n")), edited.ToUtf8Bytes());
    }

    [Theory]
    [InlineData("storage = 1\n")]
    [InlineData("[storage]\noptions = 1\n")]
    [InlineData("[[storage]]\n")]
    [InlineData("[storage.options.additionalimagestores]\n")]
    [InlineData("[storage]\noptions = [1]\n")]
    public void SetStringArray_PathIsNotATable_FailsWithDiagnostic(string input)
    {
        var result = TomlEditor.SetStringArray(TomlDocument.Parse(input, "f.conf"), s_options, Key, ["/x"]);

        Assert.False(result.Succeeded);
        Assert.Single(result.Diagnostics);
        Assert.True(result.Diagnostics[0].Position.Line > 0, result.Diagnostics[0].ToString());
    }

    [Fact]
    public void SetStringArray_TableWouldExtendInlineTable_Fails()
    {
        var result = TomlEditor.SetStringArray(TomlDocument.Parse("storage = { driver = \"\" }\n"), s_options, Key, ["/x"]);

        Assert.False(result.Succeeded);
        Assert.Contains("inline table", result.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetStringArray_TableMadeByDottedKeyInsideInlineTable_IsRefusedWithDiagnostic()
    {
        var document = TomlDocument.Parse("storage = { options.size = \"\" }\n");

        var result = TomlEditor.SetStringArray(document, s_options, Key, ["/x"]);

        Assert.False(result.Succeeded);
        Assert.Contains("not supported", result.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetStringArray_DocumentWithErrors_ReturnsItsDiagnostics()
    {
        var document = TomlDocument.Parse("[storage\n", "bad.conf");

        var result = TomlEditor.SetStringArray(document, s_options, Key, ["/x"]);

        Assert.False(result.Succeeded);
        Assert.Equal(document.Diagnostics, result.Diagnostics);
        Assert.StartsWith("bad.conf:1:", result.Diagnostics[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SetStringArray_SameValues_ReturnsTheDocumentUnchanged()
    {
        var document = TomlDocument.Parse("[storage.options]\nadditionalimagestores = [ '/x' ]\n");

        var result = TomlEditor.SetStringArray(document, s_options, Key, ["/x"]);

        Assert.Same(document, result.Document);
    }

    [Theory]
    [InlineData("[s]\n# about a\na = 1 # mine\nb = 2\n", "[s]\n# about a\nb = 2\n")]
    [InlineData("[s]\nb = 2\na = [\n  1, # one\n]\n\n[t]\n", "[s]\nb = 2\n\n[t]\n")]
    [InlineData("[s]\nb = 2\na = 1", "[s]\nb = 2")]
    [InlineData("[s]\nx = { a = 1, b = 2 }\n", null)]
    public void RemoveKey_RemovesOnlyItsLines(string input, string? expected)
    {
        var document = TomlDocument.Parse(input);
        if (expected is null)
        {
            var inline = TomlEditor.RemoveKey(document, ["s", "x"], "a");
            Assert.Equal("[s]\nx = { b = 2 }\n", inline.Document!.ToText());
            Assert.Equal("[s]\nx = { a = 1 }\n", TomlEditor.RemoveKey(document, ["s", "x"], "b").Document!.ToText());
            return;
        }

        var result = TomlEditor.RemoveKey(document, ["s"], "a");

        Assert.Equal(expected, result.Document!.ToText());
    }

    [Fact]
    public void RemoveKey_Absent_SucceedsUnchanged()
    {
        var document = TomlDocument.Parse("[s]\nb = 2\n");

        Assert.Same(document, TomlEditor.RemoveKey(document, ["s"], "a").Document);
        Assert.Same(document, TomlEditor.RemoveKey(document, ["nope", "deeper"], "a").Document);
    }

    private static void AssertEdit(string input, string[] values, string expected)
    {
        var document = TomlDocument.Parse(input);

        var result = TomlEditor.SetStringArray(document, s_options, Key, values);

        var edited = EditAssert.Succeeded(document, result, [.. s_options, Key], values);
        Assert.Equal(expected, edited.ToText());
        Assert.Equal(expected, TomlEditor.SetStringArray(edited, s_options, Key, values).Document!.ToText());
    }
}
