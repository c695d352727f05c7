using NodeStorageAgent.Rendering;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Tests.Rendering;

/// <summary>"In config" in status is what the files give containers/storage and CRI-O, read back from them.</summary>
public sealed class ConfiguredStoresTests
{
    private static readonly byte[] s_storageConf =
        "[storage]\ndriver = \"overlay\"\n[storage.options]\nadditionalimagestores = [\"/mnt/images\"]\nadditionallayerstores = [\"/var/lib/stargz-store/store:ref\"]\n"u8.ToArray();

    [Fact]
    public void StorageConfArrays_AndOurDropIn_AreInConfig()
    {
        var node = NodeConfigSnapshot.Empty with
        {
            EtcStorageConf = s_storageConf,
            CrioDropIns = [new NodeFile(NodePaths.CrioDropIn, "[crio.runtime]\nadditional_artifact_stores = [\"/mnt/models\"]\n"u8.ToArray())],
        };
        var configured = ConfiguredStores.From(node);

        Assert.True(configured.Contains("image", "/mnt/images"));
        Assert.True(configured.Contains("layer", "/var/lib/stargz-store/store"));
        Assert.True(configured.Contains("artifact", "/mnt/models"));
        Assert.False(configured.Contains("image", "/mnt/other"));
        Assert.False(configured.Contains("artifact", "/mnt/images"));
    }

    [Fact]
    public void StorageOptions_CountForImageAndLayerStores()
    {
        var node = NodeConfigSnapshot.Empty with
        {
            CrioDropIns = [new NodeFile(NodePaths.CrioDropIn,
                "[crio]\nstorage_option = [\"overlay.imagestore=/mnt/nfs\", \"overlay.additionallayerstore=/var/lib/stargz-store/store:ref\"]\n"u8.ToArray())],
        };
        var configured = ConfiguredStores.From(node);
        Assert.True(configured.Contains("image", "/mnt/nfs"));
        Assert.True(configured.Contains("layer", "/var/lib/stargz-store/store"));
    }

    [Fact]
    public void ALaterDropInReplacingTheArtifactList_TakesOursOutOfTheConfig()
    {
        var node = NodeConfigSnapshot.Empty with
        {
            CrioDropIns =
            [
                new NodeFile(NodePaths.CrioDropIn, "[crio.runtime]\nadditional_artifact_stores = [\"/mnt/models\"]\n"u8.ToArray()),
                new NodeFile("/etc/crio/crio.conf.d/99-zz-late.conf", "[crio.runtime]\nadditional_artifact_stores = [\"/late\"]\n"u8.ToArray()),
            ],
        };
        Assert.False(ConfiguredStores.From(node).Contains("artifact", "/mnt/models"));
    }
}
