using System.Text;
using NodeStorageAgent.Rendering;

namespace NodeStorageAgent.Tests.Rendering;

public sealed class OwnedEntriesReverterTests
{
    private const string Original = "[storage]\ndriver = \"overlay\"\n\n[storage.options]\nadditionalimagestores = [\n  \"/mnt/admin\",\n]\n";
    private static readonly StorageOwnership OursAB = new(["/mnt/a", "/mnt/b"], []);
    private static readonly StorageOwnership OursA = new(["/mnt/a"], []);

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    private static string Render(string current, StorageOwnership owned, params string[] ours) =>
        Encoding.UTF8.GetString(StorageConfRenderer.Render(Bytes(current), "/etc/containers/storage.conf", owned, ours, []).Content!);

    [Fact]
    public void OurEntriesGoBackToTheTargets_AndAnAdminsLaterEditsStay()
    {
        var known = Render(Original, StorageOwnership.None, "/mnt/a");
        var current = Render(known, OursA, "/mnt/a", "/mnt/b").Replace("driver = \"overlay\"", "driver = \"overlay\"\nmountopt = \"metacopy=on\"", StringComparison.Ordinal);

        var reverted = OwnedEntriesReverter.Revert(Bytes(current), OursAB, OursA, Bytes(known), Bytes(current));

        var text = Encoding.UTF8.GetString(reverted.Content!);
        Assert.Contains("metacopy=on", text);
        Assert.Contains("\"/mnt/admin\"", text);
        Assert.Contains("\"/mnt/a\"", text);
        Assert.DoesNotContain("/mnt/b", text);
        Assert.Equal(OursA, reverted.Ownership);
    }

    [Fact]
    public void AFileThatDiffersFromTheTargetOnlyInOurEntries_GetsTheTargetsBytesWhole()
    {
        var current = Render(Original, StorageOwnership.None, "/mnt/a", "/mnt/b");

        var reverted = OwnedEntriesReverter.Revert(Bytes(current), OursAB, StorageOwnership.None, Bytes(Original), Bytes(current));

        Assert.Equal(Original, Encoding.UTF8.GetString(reverted.Content!));
    }

    [Fact]
    public void AFileWeCreated_GoesWhenUntouched_AndStaysWithoutOurEntriesWhenAnAdminEditedIt()
    {
        var created = Render(StorageConfRenderer.MinimalStorageConf, StorageOwnership.None, "/mnt/a");
        var edited = created + "# the admin's\n";

        Assert.Null(OwnedEntriesReverter.Revert(Bytes(created), OursA, StorageOwnership.None, null, Bytes(created)).Content);
        var kept = Encoding.UTF8.GetString(OwnedEntriesReverter.Revert(Bytes(edited), OursA, StorageOwnership.None, null, Bytes(created)).Content!);
        Assert.Contains("# the admin's", kept);
        Assert.DoesNotContain("/mnt/a", kept);
    }

    [Fact]
    public void AFileSomeoneDeleted_IsNotRecreated()
    {
        Assert.Null(OwnedEntriesReverter.Revert(null, OursA, StorageOwnership.None, Bytes(Original), Bytes(Original)).Content);
    }
}
