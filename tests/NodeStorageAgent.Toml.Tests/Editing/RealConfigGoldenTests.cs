using NodeStorageAgent.Toml.Tests.RealConfigs;

namespace NodeStorageAgent.Toml.Tests.Editing;

/// <summary>Exact expected output for the files the agent meets most.</summary>
public class RealConfigGoldenTests
{
    [Fact]
    public void Mco_EmptyMultiLineImageStores_GetsOneItemPerLine()
    {
        var (before, after) = Edit("storage/mco_container-storage.storage.conf", ["storage", "options"], "additionalimagestores", ["/mnt/a", "/mnt/b"]);

        Assert.Equal(before.Replace("additionalimagestores = [\n]\n", "additionalimagestores = [\n  \"/mnt/a\",\n  \"/mnt/b\",\n]\n", StringComparison.Ordinal), after);
    }

    [Fact]
    public void Mco_LayerStores_InsertedAfterTheLastKeyOfStorageOptions()
    {
        var (before, after) = Edit("storage/mco_container-storage.storage.conf", ["storage", "options"], "additionallayerstores", ["/var/lib/stargz-store/store:ref"]);

        Assert.Equal(before.Replace("additionalimagestores = [\n]\n", "additionalimagestores = [\n]\nadditionallayerstores = [\"/var/lib/stargz-store/store:ref\"]\n", StringComparison.Ordinal), after);
    }

    [Fact]
    public void ContainerLibs_CommentedOutKey_InsertedRightAfterIt()
    {
        var (before, after) = Edit("storage/container-libs_main.storage.conf", ["storage", "options"], "additionalimagestores", ["/mnt/a"]);

        Assert.Equal(before.Replace("# additionalimagestores = []\n", "# additionalimagestores = []\nadditionalimagestores = [\"/mnt/a\"]\n", StringComparison.Ordinal), after);
    }

    [Fact]
    public void Stargz_SingleLineLayerStores_StaysSingleLine()
    {
        var (before, after) = Edit("storage/stargz-snapshotter_podman-rootless.storage.conf", ["storage", "options"], "additionallayerstores", ["/a:ref", "/b:ref"]);

        Assert.Equal(before.Replace("[\"/home/rootless/.local/share/stargz-store/store:ref\"]", "[\"/a:ref\", \"/b:ref\"]", StringComparison.Ordinal), after);
    }

    [Fact]
    public void CrioPackaging_ArtifactStores_InsertedInCrioRuntime()
    {
        var (before, after) = Edit("crio/crio.conf.d/cri-o-packaging_10-crio.conf", ["crio", "runtime"], "additional_artifact_stores", ["/var/lib/artifacts"]);

        Assert.Equal(before.Replace("default_runtime = \"crun\"\n", "default_runtime = \"crun\"\nadditional_artifact_stores = [\"/var/lib/artifacts\"]\n", StringComparison.Ordinal), after);
    }

    [Fact]
    public void CrioTestdataNested_NewCrioRuntimeKey_FollowsTheIndentationPerLevel()
    {
        var (before, after) = Edit("crio/crio.conf.d/cri-o_testdata_50-runc.conf", ["crio", "runtime"], "additional_artifact_stores", ["/a"]);

        Assert.Equal(before.Replace("[crio.runtime]\n", "[crio.runtime]\n  additional_artifact_stores = [\"/a\"]\n", StringComparison.Ordinal), after);
    }

    private static (string Before, string After) Edit(string file, string[] table, string key, string[] values)
    {
        var document = RealConfigFiles.Parse(file);
        var result = TomlEditor.SetStringArray(document, table, key, values);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return (document.ToText(), result.Document!.ToText());
    }
}
