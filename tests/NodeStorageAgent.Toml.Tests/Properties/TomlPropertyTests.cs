using FsCheck;
using FsCheck.Fluent;
using NodeStorageAgent.Toml.Tests.Support;

namespace NodeStorageAgent.Toml.Tests.Properties;

/// <summary>FsCheck properties over generated documents (driven from [Fact]s, no FsCheck.Xunit).</summary>
public class TomlPropertyTests
{
    private static readonly Config s_config = Config.QuickThrowOnFailure.WithMaxTest(300);
    private static readonly string[] s_options = ["storage", "options"];
    private static readonly string[] s_fullPath = ["storage", "options", "additionalimagestores"];

    [Fact]
    public void Parse_GeneratedDocument_IsValidAndPrintsBackExactly()
    {
        Prop.ForAll(TomlDocumentGenerators.Document().ToArbitrary(), text =>
        {
            var document = TomlDocument.Parse(text);
            Assert.False(document.HasErrors, string.Join("\n", document.Diagnostics) + "\n" + text);
            Assert.Equal(text, document.ToText());
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(text), document.ToUtf8Bytes());
        }).Check(s_config);
    }

    [Fact]
    public void SetStringArray_GeneratedDocument_DecodesToExpectedAndIsIdempotent()
    {
        var cases = TomlDocumentGenerators.Document().SelectMany(text => TomlDocumentGenerators.StoreValues().Select(values => (text, values)));
        Prop.ForAll(cases.ToArbitrary(), input =>
        {
            var (text, values) = input;
            var document = TomlDocument.Parse(text);

            var result = TomlEditor.SetStringArray(document, s_options, "additionalimagestores", values);

            var edited = EditAssert.Succeeded(document, result, s_fullPath, values);
            var again = TomlEditor.SetStringArray(edited, s_options, "additionalimagestores", values);
            Assert.Equal(edited.ToText(), again.Document!.ToText());
            Assert.Equal(text.StartsWith('\uFEFF'), edited.ToText().StartsWith('\uFEFF'));
            Assert.Equal(text.Contains("\r\n", StringComparison.Ordinal), edited.ToText().Contains("\r\n", StringComparison.Ordinal));
        }).Check(s_config);
    }

    [Fact]
    public void RemoveKey_AfterSet_RestoresDecodedOriginal()
    {
        var cases = TomlDocumentGenerators.Document().SelectMany(text => TomlDocumentGenerators.StoreValues().Select(values => (text, values)));
        Prop.ForAll(cases.ToArbitrary(), input =>
        {
            var document = TomlDocument.Parse(input.text);
            var set = TomlEditor.SetStringArray(document, s_options, "additionalimagestores", input.values).Document!;

            var removed = TomlEditor.RemoveKey(set, s_options, "additionalimagestores");

            EditAssert.Succeeded(set, removed, s_fullPath, values: null);
            var (start, _, newEnd) = EditAssert.ChangedSpan(set.ToText(), removed.Document!.ToText());
            Assert.Equal(start, newEnd);
        }).Check(s_config);
    }
}
