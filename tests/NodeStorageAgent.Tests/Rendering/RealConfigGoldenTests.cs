using NodeStorageAgent.NodeLayout;
using System.Text;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.TestSupport;
using NodeStorageAgent.Toml;

namespace NodeStorageAgent.Tests.Rendering;

/// <summary>
/// Golden tests over every real storage.conf and CRI-O file in shared/fixtures: desired state in, expected file out,
/// and an independent check that nothing but the owned keys changed. Set NSA_UPDATE_GOLDEN=1 to rewrite the golden
/// files after a deliberate change (then review the diff).
/// </summary>
public sealed class RealConfigGoldenTests
{
    private static readonly string[] s_images = ["/mnt/nfs-images", "/mnt/ssd-images"];
    private static readonly string[] s_layers = ["/var/lib/stargz-store/store"];

    public static TheoryData<string> StorageFixtures => Fixtures("storage");

    public static TheoryData<string> CrioFixtures => Fixtures("crio");

    [Theory]
    [MemberData(nameof(StorageFixtures))]
    public void StorageConf_GetsOurStores_AndNothingElseChanges(string fixture)
    {
        var original = File.ReadAllBytes(Path.Combine(SharedData.RealConfigs, fixture));
        var result = StorageConfRenderer.Render(original, fixture, StorageOwnership.None, s_images, s_layers);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var rendered = result.Content!;

        AssertGolden(fixture, rendered);

        var before = TomlDocument.Parse(original).Root;
        var after = TomlDocument.Parse(rendered);
        Assert.False(after.HasErrors, string.Join("\n", after.Diagnostics));
        Assert.Equal(TomlTaggedJson.Encode(WithoutOwnedKeys(before)), TomlTaggedJson.Encode(WithoutOwnedKeys(after.Root)));

        var images = StorageConfReader.StringArray(after.Root, StorageConfKeys.AdditionalImageStores, out _)!;
        Assert.Equal(s_images, images.TakeLast(2));
        var driver = StorageConfReader.Driver(before);
        if (driver is "" or "overlay")
        {
            Assert.Equal(["/var/lib/stargz-store/store:ref"], StorageConfReader.StringArray(after.Root, StorageConfKeys.AdditionalLayerStores, out _)!.TakeLast(1));
        }

        // Idempotent: rendering again on our own output changes nothing.
        var again = StorageConfRenderer.Render(rendered, fixture, result.Ownership, s_images, s_layers);
        Assert.Equal(rendered, again.Content);

        // And removing everything gives back a file that decodes like the original (our entries gone).
        var removed = StorageConfRenderer.Render(rendered, fixture, result.Ownership, [], []);
        var removedRoot = TomlDocument.Parse(removed.Content!).Root;
        Assert.Equal(TomlTaggedJson.Encode(WithoutOwnedKeys(before)), TomlTaggedJson.Encode(WithoutOwnedKeys(removedRoot)));
        Assert.Equal(
            StorageConfReader.StringArray(before, StorageConfKeys.AdditionalImageStores, out _) ?? [],
            StorageConfReader.StringArray(removedRoot, StorageConfKeys.AdditionalImageStores, out _) ?? []);
    }

    [Theory]
    [MemberData(nameof(CrioFixtures))]
    public void CrioFiles_AreInspectedLikeCrioMergesThem(string fixture)
    {
        var bytes = File.ReadAllBytes(Path.Combine(SharedData.RealConfigs, fixture));
        var asDropIn = new NodeFile("/etc/crio/crio.conf.d/" + Path.GetFileName(fixture), bytes);
        var warnings = CrioConfigInspector.Inspect(null, [asDropIn], weWriteDropIn: true);
        var report = string.Concat(warnings.Select(w => w + "\n"));
        AssertGolden(fixture + ".warnings", Encoding.UTF8.GetBytes(report));
        Assert.DoesNotContain(warnings, w => w.Code == RenderingCodes.CrioFileInvalid);
    }

    private static TomlTable WithoutOwnedKeys(TomlTable root)
    {
        // A [storage.options] table that only held our keys (or that we created for them) counts as absent.
        TomlTable Filter(TomlTable table, string[] path) => new(table
            .Select(kv => kv.Key == path[0] && kv.Value is TomlTable child
                ? new KeyValuePair<string, TomlValue>(kv.Key, path.Length == 1 ? Strip(child) : Filter(child, path[1..]))
                : kv)
            .Where(kv => !(path.Length == 1 && kv.Key == path[0] && kv.Value is TomlTable { Count: 0 })));

        TomlTable Strip(TomlTable options) => new(options.Where(kv =>
            kv.Key is not (StorageConfKeys.AdditionalImageStores or StorageConfKeys.AdditionalLayerStores)));

        return Filter(root, ["storage", "options"]);
    }

    private static void AssertGolden(string fixture, byte[] actual)
    {
        var golden = Path.Combine(SharedData.RepoRoot, "tests", "NodeStorageAgent.Tests", "Rendering", "Golden", fixture);
        if (Environment.GetEnvironmentVariable("NSA_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllBytes(golden, actual);
        }

        Assert.True(File.Exists(golden), $"golden file missing: {golden} (run with NSA_UPDATE_GOLDEN=1 and review)");
        Assert.Equal(Encoding.UTF8.GetString(File.ReadAllBytes(golden)), Encoding.UTF8.GetString(actual));
    }

    private static TheoryData<string> Fixtures(string folder)
    {
        var root = SharedData.RealConfigs;
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, file));
        }

        return data;
    }
}
