using NodeStorageAgent.TestSupport;
using NodeStorageAgent.Toml.Tests.Support;

namespace NodeStorageAgent.Toml.Tests.Serialization;

public class TomlSerializerTests
{
    public static TheoryData<string> ValidFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(SharedData.TomlTest, "valid"), "*.toml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(SharedData.TomlTest, path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void Serialize_CorpusDocument_ParsesBackToTheSameValue(string file)
    {
        var original = TomlDocument.Parse(File.ReadAllBytes(Path.Combine(SharedData.TomlTest, file))).Root;

        var text = TomlSerializer.Serialize(original);

        var reparsed = TomlDocument.Parse(text);
        Assert.False(reparsed.HasErrors, string.Join("\n", reparsed.Diagnostics) + "\n" + text);
        var difference = TaggedJsonComparer.Difference(TomlTaggedJson.Encode(original), TomlTaggedJson.Encode(reparsed.Root));
        Assert.True(difference is null, difference + "\n" + text);
    }

    [Fact]
    public void Serialize_CrioDropIn_IsIdiomatic()
    {
        var table = new TomlTable([
            new("crio", new TomlTable([
                new("runtime", new TomlTable([
                    new("additional_artifact_stores", new TomlArray([new TomlString("/var/lib/a"), new TomlString("/mnt/\"b\"")])),
                    new("single", new TomlArray([new TomlString("/x")])),
                ])),
            ])),
        ]);

        var text = TomlSerializer.Serialize(table, "Managed by node-storage-agent.\nDo not edit.");

        Assert.Equal(
            "# Managed by node-storage-agent.\n# Do not edit.\n\n[crio.runtime]\nadditional_artifact_stores = [\n  \"/var/lib/a\",\n  \"/mnt/\\\"b\\\"\",\n]\nsingle = [\"/x\"]\n",
            text);
    }
}
