using System.Text;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.Toml;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Tests.Rendering;

public sealed class RenderingPrimitivesTests
{
    [Fact]
    public void DropIn_HoldsArtifactStoresUnderCrioRuntime_AndParsesBack()
    {
        var bytes = CrioDropInRenderer.Render(["/mnt/ssd-artifacts", "/mnt/nfs-artifacts"])!;
        var root = TomlDocument.Parse(bytes).Root;
        var runtime = (TomlTable)((TomlTable)root["crio"])["runtime"];
        var stores = ((TomlArray)runtime["additional_artifact_stores"]).Cast<TomlString>().Select(s => s.Value);
        Assert.Equal(["/mnt/ssd-artifacts", "/mnt/nfs-artifacts"], stores);
        Assert.StartsWith("# Managed by node-storage-agent", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void DropIn_IsRemovedWhenNoArtifactStoreIsWanted() => Assert.Null(CrioDropInRenderer.Render([]));

    [Fact]
    public void DropIn_IsDeterministic() =>
        Assert.Equal(CrioDropInRenderer.Render(["/a", "/b"]), CrioDropInRenderer.Render(["/a", "/b"]));

    [Theory]
    [InlineData("/etc/crio/crio.conf.d/00-default", "/etc/crio/crio.conf.d/99-node-storage-agent.conf", -1)]
    [InlineData("/etc/crio/crio.conf.d/99-z.conf", "/etc/crio/crio.conf.d/99-node-storage-agent.conf", 1)]
    [InlineData("/etc/crio/crio.conf.d/a-b", "/etc/crio/crio.conf.d/a/x", 1)]  // Walk order: dir "a" sorts before "a-b", though '-' < '/'
    [InlineData("/etc/crio/crio.conf.d/a/x", "/etc/crio/crio.conf.d/a.conf", -1)]
    [InlineData("/etc/crio/crio.conf.d/A", "/etc/crio/crio.conf.d/a", -1)]  // byte order: upper case first
    public void DropInOrder_FollowsGoFilepathWalk(string left, string right, int sign) =>
        Assert.Equal(sign, Math.Sign(CrioDropInOrder.Compare(left, right)));

    [Fact]
    public void Inspector_WarnsAboutLaterDropInsAndGraphRootChanges_NotAboutEarlierListsWeCarry()
    {
        var main = new NodeFile(NodePaths.CrioConf, "[crio]\nroot = \"/data/ctr\"\n"u8.ToArray());
        var dropIns = new[]
        {
            new NodeFile("/etc/crio/crio.conf.d/01-ctrcfg-additionalArtifactStores", "[crio.runtime]\nadditional_artifact_stores = [\"/x\"]\n"u8.ToArray()),
            new NodeFile(NodePaths.CrioDropIn, "[crio.runtime]\nadditional_artifact_stores = [\"/mine\"]\n"u8.ToArray()),
            new NodeFile("/etc/crio/crio.conf.d/99-zz-late.conf", "[crio.runtime]\nadditional_artifact_stores = []\n"u8.ToArray()),
            new NodeFile("/etc/crio/crio.conf.d/50-broken", "[crio\n"u8.ToArray()),
        };

        var warnings = CrioConfigInspector.Inspect(main, dropIns, weWriteDropIn: true);

        Assert.All(warnings, w => Assert.False(w.IsError));
        Assert.Contains(warnings, w => w.Code == RenderingCodes.CrioChangesGraphRoot && w.File == NodePaths.CrioConf && w.Line == 2);
        Assert.DoesNotContain(warnings, w => w.File!.EndsWith("01-ctrcfg-additionalArtifactStores", StringComparison.Ordinal));  // carried into ours
        Assert.Contains(warnings, w => w.Code == RenderingCodes.CrioDropInOverridesOurs && w.File!.EndsWith("99-zz-late.conf", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Code == RenderingCodes.CrioFileInvalid && w.File!.EndsWith("50-broken", StringComparison.Ordinal) && w.Line > 0);
        Assert.DoesNotContain(warnings, w => w.File == NodePaths.CrioDropIn);
    }

    [Fact]
    public void Inspector_IsQuietWithoutOurDropIn_ForArtifactKeys()
    {
        var dropIns = new[] { new NodeFile("/etc/crio/crio.conf.d/99-zz", "[crio.runtime]\nadditional_artifact_stores = [\"/x\"]\n"u8.ToArray()) };
        Assert.Empty(CrioConfigInspector.Inspect(null, dropIns, weWriteDropIn: false));
    }

    [Fact]
    public void UnifiedDiff_ShowsOnlyTheChangedHunkWithContext()
    {
        var before = string.Concat(Enumerable.Range(1, 20).Select(i => $"line {i}\n"));
        var after = before.Replace("line 10\n", "line 10\nadded\n", StringComparison.Ordinal);
        var diff = UnifiedDiff.Create("a", "b", before, after);
        Assert.Equal("--- a\n+++ b\n@@ -8,6 +8,7 @@\n line 8\n line 9\n line 10\n+added\n line 11\n line 12\n line 13\n", diff);
    }

    [Fact]
    public void UnifiedDiff_OfEqualTextsIsEmpty_AndNewFilesComeFromDevNull()
    {
        Assert.Equal("", UnifiedDiff.Create("a", "b", "x\n", "x\n"));
        Assert.Equal("--- /dev/null\n+++ b\n@@ -0,0 +1,1 @@\n+x\n", UnifiedDiff.Create("a", "b", null, "x\n"));
        Assert.Equal("--- a\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-x\n", UnifiedDiff.Create("a", "b", "x\n", null));
    }
}
