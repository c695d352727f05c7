using NodeStorageAgent.Probing.Mounts;

namespace NodeStorageAgent.Tests.Probing;

public sealed class OverlayMayBlockTests
{
    private static MountInfoEntry Mount(int id, string point, string type, string superOptions = "rw") =>
        new(id, 1, 0, id, "/", point, "rw", [], type, type, superOptions);

    [Fact]
    public void Parse_ReadsEveryLayerKeepingEscapedSeparators()
    {
        var layers = OverlayLayers.Parse(@"rw,lowerdir=/l1:/l\:2::/data,upperdir=/u\,x,workdir=/w,lowerdir+=/l3,uuid=on");

        Assert.Equal(["/l1", "/l:2", "/data", "/u,x", "/w", "/l3"], layers);
    }

    [Fact]
    public void OverlayOverFuse_MayBlock_OverlayOverLocal_DoesNot()
    {
        var root = Mount(1, "/", "ext4");
        var fuse = Mount(2, "/mnt/fuse", "fuse.bindfs");
        var overFuse = Mount(3, "/mnt/ovl", "overlay", "rw,lowerdir=/mnt/fuse/sub:/base");
        var overLocal = Mount(4, "/mnt/ovl2", "overlay", "rw,lowerdir=/base,upperdir=/up,workdir=/work");
        var stacked = Mount(5, "/mnt/ovl3", "overlay", "rw,lowerdir=/mnt/ovl:/base");
        var table = new MountTable([root, fuse, overFuse, overLocal, stacked]);

        Assert.True(table.MayBlock(overFuse));
        Assert.False(table.MayBlock(overLocal));
        Assert.True(table.MayBlock(stacked));
        Assert.False(table.MayBlock(root));
        Assert.True(table.MayBlock(fuse));
    }
}
