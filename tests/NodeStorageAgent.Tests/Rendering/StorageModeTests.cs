using System.Text;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Fleet;
using NodeStorageAgent.Planning;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.Toml;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Tests.Rendering;

public sealed class StorageModeTests
{
    private static readonly byte[] s_storageConf = Encoding.UTF8.GetBytes(
        "# MCO-rendered\n[storage]\ndriver = \"overlay\"\n[storage.options]\nadditionalimagestores = [\n]\n");

    private static readonly DesiredStateSpec s_desired = new(
        [new StoreSpec(StoreKind.Layer, "/var/lib/stargz-store/store")],
        [new StoreSpec(StoreKind.Image, "/mnt/nfs-images")],
        [new StoreSpec(StoreKind.Artifact, "/mnt/ssd-artifacts")],
        ApplyAction.Restart);

    private static NodeConfigSnapshot Node(byte[]? storage = null) => NodeConfigSnapshot.Empty with { EtcStorageConf = storage ?? s_storageConf };

    private static TomlTable DropIn(RenderPlan plan) =>
        TomlDocument.Parse(plan.Files.Single(f => f.NodePath == NodePaths.CrioDropIn).Content!).Root;

    [Fact]
    public void CrioStorageOptionMode_LeavesStorageConfAlone_AndGivesCrioTheStores()
    {
        var plan = ConfigRenderer.Render(s_desired, _ => true, Node(), StorageOwnership.None, StorageMode.CrioStorageOption);

        Assert.True(plan.Succeeded);
        Assert.False(plan.Files.Single(f => f.NodePath == NodePaths.StorageConf).Changed);
        var crio = (TomlTable)DropIn(plan)["crio"];
        var options = ((TomlArray)crio["storage_option"]).Cast<TomlString>().Select(s => s.Value);
        Assert.Equal(["overlay.imagestore=/mnt/nfs-images", "overlay.additionallayerstore=/var/lib/stargz-store/store:ref"], options);
        var artifacts = ((TomlArray)((TomlTable)crio["runtime"])["additional_artifact_stores"]).Cast<TomlString>().Select(s => s.Value);
        Assert.Equal(["/mnt/ssd-artifacts"], artifacts);
    }

    [Fact]
    public void SwitchingToCrioStorageOption_TakesOurEntriesBackOutOfStorageConf()
    {
        var before = ConfigRenderer.Render(s_desired, _ => true, Node(), StorageOwnership.None, StorageMode.StorageConf);
        var written = before.Files.Single(f => f.NodePath == NodePaths.StorageConf).Content!;

        var after = ConfigRenderer.Render(s_desired, _ => true, Node(written), before.Ownership, StorageMode.CrioStorageOption);

        var storage = after.Files.Single(f => f.NodePath == NodePaths.StorageConf).Content!;
        var root = TomlDocument.Parse(storage).Root;
        Assert.Equal([], StorageConfReader.StringArray(root, StorageConfKeys.AdditionalImageStores, out _));
        Assert.True(after.Ownership.IsEmpty);
    }

    [Fact]
    public void UnhealthyStores_StayOutOfStorageOptionsToo()
    {
        var plan = ConfigRenderer.Render(s_desired, s => s.Kind != StoreKind.Layer, Node(), StorageOwnership.None, StorageMode.CrioStorageOption);
        var options = ((TomlArray)((TomlTable)DropIn(plan)["crio"])["storage_option"]).Cast<TomlString>().Select(s => s.Value);
        Assert.Equal(["overlay.imagestore=/mnt/nfs-images"], options);
    }

    [Theory]
    [InlineData("auto", StorageMode.Auto)]
    [InlineData("storage-conf", StorageMode.StorageConf)]
    [InlineData("crio-storage-option", StorageMode.CrioStorageOption)]
    public void DesiredState_NamesTheMode(string value, StorageMode mode)
    {
        var result = DesiredStateParser.Parse(Encoding.UTF8.GetBytes($"[apply]\nstorageMode = \"{value}\"\n"), "d.toml", ContainerStorageRoots.Default);
        Assert.Equal(mode, result.Spec!.StorageMode);
    }

    [Fact]
    public void Auto_PicksCrioStorageOptionOnAnMcoNode_AndSaysWhy()
    {
        var dir = Directory.CreateTempSubdirectory("nsa-mode-").FullName;
        try
        {
            var root = new NodeRoot(dir);
            Assert.Equal(StorageMode.StorageConf, StorageModeResolver.Resolve(StorageMode.Auto, root).Mode);

            Directory.CreateDirectory(Path.Combine(dir, "etc", "machine-config-daemon"));
            File.WriteAllText(root.Resolve(MachineConfigNodeDetector.CurrentConfigPath), "{}");
            var (mode, note) = StorageModeResolver.Resolve(StorageMode.Auto, root);
            Assert.Equal(StorageMode.CrioStorageOption, mode);
            Assert.Contains(MachineConfigNodeDetector.CurrentConfigPath, note!.Message, StringComparison.Ordinal);

            var (forced, warning) = StorageModeResolver.Resolve(StorageMode.StorageConf, root);
            Assert.Equal(StorageMode.StorageConf, forced);
            Assert.Contains("Degraded", warning!.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
