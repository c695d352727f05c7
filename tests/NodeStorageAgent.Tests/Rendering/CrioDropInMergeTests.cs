using System.Text;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.TestSupport;
using NodeStorageAgent.Toml;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Tests.Rendering;

/// <summary>
/// Our 99- drop-in sorts after the MCO's and an admin's files, and CRI-O replaces arrays file by file: what they set
/// for our keys must be carried into ours, so CRI-O ends with theirs plus ours. Golden files hold the exact drop-in.
/// </summary>
public sealed class CrioDropInMergeTests
{
    /// <summary>The MCO's drop-in as it lands on a node (openshift-docs node output; MCO helpers.go writes it with
    /// BurntSushi/toml, hence the indented sub-table).</summary>
    private const string McoArtifactDropIn = "/etc/crio/crio.conf.d/01-ctrcfg-additionalArtifactStores";

    private static readonly byte[] s_mcoArtifacts =
        "[crio]\n  [crio.runtime]\n    additional_artifact_stores = [\"/mnt/ssd-artifacts\", \"/mnt/nfs-shared-artifacts\"]\n"u8.ToArray();

    private static readonly byte[] s_storageConf = "[storage]\ndriver = \"overlay\"\n[storage.options]\n"u8.ToArray();

    private static DesiredStateSpec Desired(string[] artifacts, string[]? images = null) => new(
        [], (images ?? []).Select(p => new StoreSpec(StoreKind.Image, p)).ToList(), artifacts.Select(p => new StoreSpec(StoreKind.Artifact, p)).ToList(), ApplyAction.Restart);

    private static NodeConfigSnapshot Node(NodeFile? main, params NodeFile[] dropIns) =>
        NodeConfigSnapshot.Empty with { EtcStorageConf = s_storageConf, CrioMain = main, CrioDropIns = dropIns };

    private static RenderPlan Render(DesiredStateSpec desired, NodeConfigSnapshot node, StorageMode mode = StorageMode.StorageConf) =>
        ConfigRenderer.Render(desired, _ => true, node, StorageOwnership.None, mode);

    private static byte[]? OurDropIn(RenderPlan plan) => plan.Files.Single(f => f.NodePath == NodePaths.CrioDropIn).Content;

    /// <summary>What CRI-O ends with: every file decoded in order, a later array replacing an earlier one.</summary>
    private static List<string> EffectiveArtifactStores(NodeConfigSnapshot node, byte[]? ours)
    {
        var files = (node.CrioMain is null ? [] : new[] { node.CrioMain })
            .Concat(node.CrioDropIns.Where(f => f.NodePath != NodePaths.CrioDropIn))
            .Concat(ours is null ? [] : new[] { new NodeFile(NodePaths.CrioDropIn, ours) })
            .OrderBy(f => f == node.CrioMain ? "" : f.NodePath, CrioDropInOrder.Comparer);
        List<string> effective = [];
        foreach (var file in files)
        {
            var root = TomlDocument.Parse(file.Content).Root;
            if (root.TryGetValue("crio", out var crio) && ((TomlTable)crio).TryGetValue("runtime", out var runtime)
                && ((TomlTable)runtime).TryGetValue("additional_artifact_stores", out var list))
            {
                effective = ((TomlArray)list).Cast<TomlString>().Select(s => s.Value).ToList();
            }
        }

        return effective;
    }

    [Fact]
    public void McoArtifactDropIn_IsCarriedAheadOfOurs_Deduplicated()
    {
        var node = Node(null, new NodeFile(McoArtifactDropIn, s_mcoArtifacts));
        var plan = Render(Desired(["/mnt/ssd-artifacts", "/mnt/models"]), node);

        var ours = OurDropIn(plan);
        AssertGolden("mco-artifacts-plus-ours.conf", ours!);
        Assert.Equal(["/mnt/ssd-artifacts", "/mnt/nfs-shared-artifacts", "/mnt/models"], EffectiveArtifactStores(node, ours));
        Assert.DoesNotContain(plan.Diagnostics, d => d.File == McoArtifactDropIn);
    }

    [Fact]
    public void CrioConfAndAnAdminsEarlierDropIn_TheLastOneBeforeOursWins_AsInCrio()
    {
        var main = new NodeFile(NodePaths.CrioConf, "[crio.runtime]\nadditional_artifact_stores = [\"/from/crio-conf\"]\n"u8.ToArray());
        var admin = new NodeFile("/etc/crio/crio.conf.d/50-admin.conf", "[crio.runtime]\nadditional_artifact_stores = [\"/srv/admin-artifacts\"]\n"u8.ToArray());
        var node = Node(main, new NodeFile(McoArtifactDropIn, s_mcoArtifacts), admin);

        var ours = OurDropIn(Render(Desired(["/mnt/models"]), node));

        Assert.Equal(["/srv/admin-artifacts", "/mnt/models"], EffectiveArtifactStores(node, ours));
    }

    [Fact]
    public void RenderingOnItsOwnOutput_ChangesNothing_AndNoArtifactStoreOfOurs_LeavesTheirsAlone()
    {
        var mco = new NodeFile(McoArtifactDropIn, s_mcoArtifacts);
        var first = OurDropIn(Render(Desired(["/mnt/models"]), Node(null, mco)))!;
        var again = OurDropIn(Render(Desired(["/mnt/models"]), Node(null, mco, new NodeFile(NodePaths.CrioDropIn, first))));
        Assert.Equal(first, again);

        var none = Render(Desired([]), Node(null, mco, new NodeFile(NodePaths.CrioDropIn, first)));
        Assert.Null(OurDropIn(none));
        Assert.Equal(["/mnt/ssd-artifacts", "/mnt/nfs-shared-artifacts"], EffectiveArtifactStores(Node(null, mco), null));
    }

    [Fact]
    public void LaterDropInSettingTheKey_IsStillAWarning()
    {
        var late = new NodeFile("/etc/crio/crio.conf.d/99-zz-late.conf", "[crio.runtime]\nadditional_artifact_stores = [\"/late\"]\n"u8.ToArray());
        var plan = Render(Desired(["/mnt/models"]), Node(null, new NodeFile(McoArtifactDropIn, s_mcoArtifacts), late));
        Assert.Contains(plan.Diagnostics, d => d.Code == RenderingCodes.CrioDropInOverridesOurs && d.File == late.NodePath);
        Assert.DoesNotContain("/late", Encoding.UTF8.GetString(OurDropIn(plan)!), StringComparison.Ordinal);
    }

    [Fact]
    public void CrioStorageOptionMode_CarriesEarlierStorageOptions_AheadOfOurs()
    {
        // CRI-O appends storage_option across files and keeps the last appearance of a duplicate.
        var main = new NodeFile(NodePaths.CrioConf, "[crio]\nstorage_option = [\"overlay.mountopt=nodev\"]\n"u8.ToArray());
        var admin = new NodeFile("/etc/crio/crio.conf.d/10-admin.conf",
            "[crio]\nstorage_option = [\"overlay.imagestore=/mnt/admin-images\", \"overlay.mountopt=nodev\"]\n"u8.ToArray());
        var node = Node(main, admin);

        var ours = OurDropIn(Render(Desired([], images: ["/mnt/nfs-images", "/mnt/admin-images"]), node, StorageMode.CrioStorageOption));

        AssertGolden("storage-option-carried.conf", ours!);
        var options = ((TomlArray)((TomlTable)TomlDocument.Parse(ours!).Root["crio"])["storage_option"]).Cast<TomlString>().Select(s => s.Value);
        // The same list CRI-O computes from all three files: nodev, then ours in our order (admin-images last seen in ours).
        Assert.Equal(["overlay.mountopt=nodev", "overlay.imagestore=/mnt/nfs-images", "overlay.imagestore=/mnt/admin-images"], options);
    }

    private static void AssertGolden(string name, byte[] actual)
    {
        var golden = Path.Combine(SharedData.RepoRoot, "tests", "NodeStorageAgent.Tests", "Rendering", "Golden", "crio-merge", name);
        if (Environment.GetEnvironmentVariable("NSA_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllBytes(golden, actual);
        }

        Assert.True(File.Exists(golden), $"golden file missing: {golden} (run with NSA_UPDATE_GOLDEN=1 and review)");
        Assert.Equal(Encoding.UTF8.GetString(File.ReadAllBytes(golden)), Encoding.UTF8.GetString(actual));
    }
}
