using NodeStorageAgent.Toml.Tests.Support;

namespace NodeStorageAgent.Toml.Tests.RealConfigs;

/// <summary>Every real storage.conf / CRI-O file: byte-exact round trip and the decoded value tomllib produced.</summary>
public class RealConfigParseTests
{
    public static TheoryData<string> Files() => RealConfigFiles.All();

    [Theory]
    [MemberData(nameof(Files))]
    public void Parse_RealConfig_RoundTripsAndDecodesLikeTomllib(string file)
    {
        var bytes = File.ReadAllBytes(RealConfigFiles.FullPath(file));

        var document = TomlDocument.Parse(bytes, file);

        Assert.False(document.HasErrors, string.Join("\n", document.Diagnostics));
        Assert.Equal(bytes, document.ToUtf8Bytes());
        var expected = File.ReadAllText(RealConfigFiles.FullPath(Path.Combine("expected-json", file + ".json")));
        var difference = TaggedJsonComparer.Difference(expected, TomlTaggedJson.Encode(document.Root));
        Assert.True(difference is null, difference);
    }
}
