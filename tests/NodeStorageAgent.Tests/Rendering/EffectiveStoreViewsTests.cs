using NodeStorageAgent.NodeLayout;
using System.Text;
using NodeStorageAgent.Rendering;

namespace NodeStorageAgent.Tests.Rendering;

public class EffectiveStoreViewsTests
{
    private const string StorageConfWithStores = """
        [storage]
        driver = "overlay"
        [storage.options]
        additionalimagestores = ["/mnt/nfs-images"]
        additionallayerstores = ["/var/lib/stargz-store/store:ref"]
        """;

    [Fact]
    public void StoresInStorageConfAreSeenByCrioAndPodmanAlike()
    {
        var views = EffectiveStoreViews.Read(Node(StorageConfWithStores));

        Assert.Equal(["/mnt/nfs-images"], views.Podman.ImageStores);
        Assert.Equal(["/var/lib/stargz-store/store:ref"], views.Podman.LayerStores);
        Assert.Equal(views.Podman.ImageStores, views.Crio.ImageStores);
        Assert.Equal(views.Podman.LayerStores, views.Crio.LayerStores);
    }

    [Fact]
    public void StoresInCrioStorageOptionAreSeenByCrioOnly()
    {
        // What storageMode = "auto" renders on an MCO node: storage.conf untouched, the stores in our drop-in.
        var dropIn = DropIn("/etc/crio/crio.conf.d/99-node-storage-agent.conf", """
            [crio]
            storage_option = ["overlay.imagestore=/mnt/nfs-images", "overlay.additionallayerstore=/var/lib/stargz-store/store:ref"]
            [crio.runtime]
            additional_artifact_stores = ["/mnt/ssd-artifacts"]
            """);

        var views = EffectiveStoreViews.Read(Node("[storage]\ndriver = \"overlay\"\n", dropIn));

        Assert.Empty(views.Podman.ImageStores);
        Assert.Empty(views.Podman.LayerStores);
        Assert.Equal(["/mnt/nfs-images"], views.Crio.ImageStores);
        Assert.Equal(["/var/lib/stargz-store/store:ref"], views.Crio.LayerStores);
        Assert.Equal(["/mnt/ssd-artifacts"], views.Crio.ArtifactStores);
    }

    [Fact]
    public void StorageOptionsAppendAcrossFilesDeduplicatedWhileALaterArtifactListReplacesAnEarlierOne()
    {
        var early = DropIn("/etc/crio/crio.conf.d/10-site.conf", """
            [crio]
            storage_option = ["overlay.imagestore=/mnt/nfs-images", "overlay.mountopt=nodev"]
            [crio.runtime]
            additional_artifact_stores = ["/mnt/old-artifacts"]
            """);
        var late = DropIn("/etc/crio/crio.conf.d/99-node-storage-agent.conf", """
            [crio]
            storage_option = ["overlay.imagestore=/mnt/nfs-images", "overlay.additionalimagestore=/mnt/ssd-images"]
            [crio.runtime]
            additional_artifact_stores = ["/mnt/ssd-artifacts"]
            """);

        var views = EffectiveStoreViews.Read(Node(StorageConfWithStores, early, late));

        Assert.Equal(["/mnt/nfs-images", "/mnt/ssd-images"], views.Crio.ImageStores);
        Assert.Equal(["/mnt/ssd-artifacts"], views.Crio.ArtifactStores);
    }

    [Fact]
    public void ADropInThatDoesNotParseIsLeftOut()
    {
        var broken = DropIn("/etc/crio/crio.conf.d/50-broken.conf", "[crio\nstorage_option = [\"overlay.imagestore=/mnt/x\"]\n");

        var views = EffectiveStoreViews.Read(Node("", broken));

        Assert.Empty(views.Crio.ImageStores);
    }

    [Fact]
    public void WithoutEtcStorageConfTheDistributionDefaultIsRead()
    {
        var node = NodeConfigSnapshot.Empty with { DefaultStorageConf = Encoding.UTF8.GetBytes(StorageConfWithStores) };

        Assert.Equal(["/mnt/nfs-images"], EffectiveStoreViews.Read(node).Podman.ImageStores);
    }

    private static NodeConfigSnapshot Node(string storageConf, params NodeFile[] dropIns) =>
        NodeConfigSnapshot.Empty with { EtcStorageConf = Encoding.UTF8.GetBytes(storageConf), CrioDropIns = dropIns };

    private static NodeFile DropIn(string path, string content) => new(path, Encoding.UTF8.GetBytes(content));
}
