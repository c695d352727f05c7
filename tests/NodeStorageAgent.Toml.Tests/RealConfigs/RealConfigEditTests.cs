using NodeStorageAgent.Toml.Tests.Support;

namespace NodeStorageAgent.Toml.Tests.RealConfigs;

/// <summary>The agent's three edits on every real file: only the edited span changes, the result decodes as expected.</summary>
public class RealConfigEditTests
{
    private static readonly string[] s_storageOptions = ["storage", "options"];
    private static readonly string[] s_crioRuntime = ["crio", "runtime"];

    public static TheoryData<string> StorageFiles() => RealConfigFiles.Storage();

    public static TheoryData<string> CrioFiles() => RealConfigFiles.Crio();

    [Theory]
    [MemberData(nameof(StorageFiles))]
    public void SetStringArray_StorageConf_ImageAndLayerStores(string file)
    {
        foreach (var key in new[] { "additionalimagestores", "additionallayerstores" })
        {
            foreach (var values in new[] { new[] { "/mnt/images" }, ["/mnt/a", "/mnt/b,/mnt/c"], [] })
            {
                CheckEdit(file, s_storageOptions, key, values);
            }
        }
    }

    [Theory]
    [MemberData(nameof(CrioFiles))]
    public void SetStringArray_CrioConf_ArtifactStores(string file)
    {
        foreach (var values in new[] { new[] { "/var/lib/artifacts" }, ["/a", "/b"], [] })
        {
            CheckEdit(file, s_crioRuntime, "additional_artifact_stores", values);
        }
    }

    [Theory]
    [MemberData(nameof(StorageFiles))]
    public void RemoveKey_StorageConf_RemovesOnlyThatKeysLines(string file)
    {
        var original = RealConfigFiles.Parse(file);
        var path = new[] { "storage", "options", "additionalimagestores" };
        var set = TomlEditor.SetStringArray(original, s_storageOptions, "additionalimagestores", ["/x", "/y"]).Document!;

        var result = TomlEditor.RemoveKey(set, s_storageOptions, "additionalimagestores");

        var removed = EditAssert.Succeeded(set, result, path, values: null);
        var (start, oldEnd, newEnd) = EditAssert.ChangedSpan(set.ToText(), removed.ToText());
        Assert.Equal(start, newEnd);
        Assert.DoesNotContain("#", set.ToText()[start..oldEnd].Replace("# c", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static void CheckEdit(string file, string[] tablePath, string key, string[] values)
    {
        var original = RealConfigFiles.Parse(file);
        var before = original.ToText();
        var fullPath = tablePath.Append(key).ToArray();
        var existed = Lookup(original.Root, fullPath) is not null;

        var result = TomlEditor.SetStringArray(original, tablePath, key, values);

        var edited = EditAssert.Succeeded(original, result, fullPath, values);
        var after = edited.ToText();
        var (start, oldEnd, newEnd) = EditAssert.ChangedSpan(before, after);
        if (!existed)
        {
            Assert.True(start == oldEnd, $"an insertion must not change existing text, changed [{start}, {oldEnd})");
        }
        else if (start != oldEnd || start != newEnd)
        {
            // Only the value's own text (from its first character to its closing bracket) may change.
            var value = Lookup(original.Root, fullPath)!;
            var valueStart = Offset(before, value.Position);
            var valueEnd = before.IndexOf(']', valueStart) + 1;
            Assert.True(start >= valueStart && oldEnd <= valueEnd, $"changed [{start}, {oldEnd}) outside the value [{valueStart}, {valueEnd})");
        }

        Assert.Equal(original.ToUtf8Bytes()[..Math.Min(3, before.Length)], edited.ToUtf8Bytes()[..Math.Min(3, before.Length)]);
        var again = TomlEditor.SetStringArray(edited, tablePath, key, values);
        Assert.Equal(after, again.Document!.ToText());
    }

    private static TomlValue? Lookup(TomlTable root, string[] path)
    {
        TomlValue current = root;
        foreach (var part in path)
        {
            if (current is not TomlTable table || !table.TryGetValue(part, out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    private static int Offset(string text, TomlPosition position)
    {
        var offset = 0;
        for (var line = 1; line < position.Line; line++)
        {
            offset = text.IndexOf('\n', offset) + 1;
        }

        return offset + position.Column - 1;
    }
}
