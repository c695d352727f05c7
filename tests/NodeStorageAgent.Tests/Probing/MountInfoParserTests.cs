using NodeStorageAgent.Probing.Mounts;

namespace NodeStorageAgent.Tests.Probing;

public sealed class MountInfoParserTests
{
    // Captured on the build machine (docs/node-findings.md §1) and from proc(5).
    private const string Captured = """
        27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
        42 27 0:39 / /tmp/T/fmnt rw,nosuid,nodev,relatime - fuse /tmp/T/fsrc rw,user_id=0,group_id=0,default_permissions,allow_other
        43 27 0:40 / /tmp/T/chaos\040mnt ro,nosuid,nodev,relatime shared:7 master:2 - fuse.chaosfs chaosfs ro,user_id=0,group_id=0
        44 27 0:41 / /var/lib/stargz-store/store rw,nosuid,nodev,relatime - fuse stargzstore rw,user_id=0,group_id=0,allow_other
        45 27 7:0 / /mnt/sq ro,relatime - fuse.squashfuse squashfuse ro,user_id=0,group_id=0
        46 27 0:42 /sub/dir /mnt/odd\011tab\012nl\134bs rw - fuseblk /dev/sdb1 rw
        this line is garbage
        47 27 0:43 / /broken rw - fuse
        """;

    [Fact]
    public void Parse_CapturedTable_KeepsWellFormedLinesOnly()
    {
        var table = MountInfoParser.Parse(Captured);

        Assert.Equal([27, 42, 43, 44, 45, 46], table.Entries.Select(e => e.MountId));
    }

    [Fact]
    public void Parse_BindfsLine_HasAllFields()
    {
        var entry = MountInfoParser.Parse(Captured).At("/tmp/T/fmnt")!;

        Assert.Equal((42, 27, 0, 39), (entry.MountId, entry.ParentId, entry.Major, entry.Minor));
        Assert.Equal(("/", "fuse", "/tmp/T/fsrc"), (entry.Root, entry.FsType, entry.Source));
        Assert.Equal("rw,nosuid,nodev,relatime", entry.MountOptions);
        Assert.Empty(entry.OptionalFields);
        Assert.StartsWith("rw,user_id=0", entry.SuperOptions);
        Assert.True(entry.IsFuse);
    }

    [Fact]
    public void Parse_EscapedSpaceAndOptionalFields_AreDecoded()
    {
        var entry = MountInfoParser.Parse(Captured).At("/tmp/T/chaos mnt")!;

        Assert.Equal(["shared:7", "master:2"], entry.OptionalFields);
        Assert.Equal(("fuse.chaosfs", "chaosfs"), (entry.FsType, entry.Source));
    }

    [Fact]
    public void Parse_TabNewlineBackslashEscapes_AreDecoded()
    {
        var entry = MountInfoParser.Parse(Captured).Entries.Single(e => e.MountId == 46);

        Assert.Equal("/mnt/odd\ttab\nnl\\bs", entry.MountPoint);
        Assert.Equal("/sub/dir", entry.Root);
        Assert.True(entry.IsFuse);
    }

    [Theory]
    [InlineData(@"no\escape", @"no\escape")]
    [InlineData(@"trailing\04", @"trailing\04")]
    [InlineData(@"a\040b\040c", "a b c")]
    [InlineData(@"not\999octal", @"not\999octal")]
    public void Unescape_HandlesEdgeCases(string raw, string expected) => Assert.Equal(expected, MountInfoParser.Unescape(raw));

    [Theory]
    [InlineData("fuse", true, true)]
    [InlineData("fuseblk", true, true)]
    [InlineData("fuse.sshfs", true, true)]
    [InlineData("fusectl", false, false)]
    [InlineData("nfs4", false, true)]
    [InlineData("autofs", false, true)]
    [InlineData("ext4", false, false)]
    [InlineData("overlay", false, false)]
    public void FilesystemTypes_Classify(string fsType, bool fuse, bool canBlock) =>
        Assert.Equal((fuse, canBlock), (FilesystemTypes.IsFuse(fsType), FilesystemTypes.CanBlock(fsType)));

    [Fact]
    public void MountTable_Containing_PicksLongestAndTopmostMount()
    {
        var table = MountInfoParser.Parse("""
            1 0 8:1 / / rw - ext4 /dev/sda1 rw
            2 1 0:50 / /var/lib/stargz-store/store rw - fuse stargzstore rw
            3 1 0:51 / /var/lib/stargz-store/store rw - tmpfs tmpfs rw
            4 1 0:52 / /var/lib/stargz rw - nfs srv:/x rw
            """);

        Assert.Equal(3, table.Containing("/var/lib/stargz-store/store/x")!.MountId);
        Assert.Equal(3, table.At("/var/lib/stargz-store/store/")!.MountId);
        Assert.Equal(1, table.Containing("/var/lib/stargz-store")!.MountId);
        Assert.Equal(4, table.Containing("/var/lib/stargz")!.MountId);
        Assert.Null(table.At("/var/lib"));
    }
}
