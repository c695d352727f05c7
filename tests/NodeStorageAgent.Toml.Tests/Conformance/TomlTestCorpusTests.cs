using System.Text;
using NodeStorageAgent.TestSupport;
using NodeStorageAgent.Toml.Tests.Support;

namespace NodeStorageAgent.Toml.Tests.Conformance;

/// <summary>Every TOML 1.0 file of toml-test (shared/toml-test), one case per file, read as raw bytes. No allow-list.</summary>
public class TomlTestCorpusTests
{
    public static TheoryData<string> ValidFiles() => Files("valid");

    public static TheoryData<string> InvalidFiles() => Files("invalid");

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void Valid_ParsesDecodesAndRoundTrips(string file)
    {
        var path = Path.Combine(SharedData.TomlTest, file);
        var bytes = File.ReadAllBytes(path);

        var document = TomlDocument.Parse(bytes, file);

        Assert.False(document.HasErrors, string.Join("\n", document.Diagnostics));
        Assert.Equal(bytes, document.ToUtf8Bytes());
        Assert.Equal(Encoding.UTF8.GetString(bytes), document.ToText());
        var expected = File.ReadAllText(Path.ChangeExtension(path, ".json"));
        var difference = TaggedJsonComparer.Difference(expected, TomlTaggedJson.Encode(document.Root));
        Assert.True(difference is null, difference);
    }

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Invalid_IsRejectedWithAPositionedDiagnostic(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(SharedData.TomlTest, file));

        var document = TomlDocument.Parse(bytes, file);

        Assert.True(document.HasErrors, "accepted an invalid document");
        Assert.All(document.Diagnostics, d => Assert.True(d.Position.Line > 0 && d.Position.Column > 0, d.ToString()));
        Assert.Equal(bytes, document.ToUtf8Bytes());
        Assert.Throws<InvalidOperationException>(() => document.Root);
    }

    private static TheoryData<string> Files(string folder)
    {
        var root = SharedData.TomlTest;
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(root, folder), "*.toml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, path));
        }

        return data;
    }
}
