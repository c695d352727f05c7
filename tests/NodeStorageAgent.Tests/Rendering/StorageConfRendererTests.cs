using System.Text;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.Toml;

namespace NodeStorageAgent.Tests.Rendering;

public sealed class StorageConfRendererTests
{
    private const string Base = """
        # admin comment
        [storage]
        driver = "overlay"
        graphroot = "/var/lib/containers/storage"

        [storage.options]
        # Paths to additional container image stores.
        additionalimagestores = [
          "/mnt/admin-store",  # added by hand
        ]

        [storage.options.overlay]
        mountopt = "nodev"

        """;

    private static StorageConfRenderResult Render(string? current, StorageOwnership owned, string[] images, string[] layers) =>
        StorageConfRenderer.Render(current is null ? null : Encoding.UTF8.GetBytes(current), "/etc/containers/storage.conf", owned, images, layers);

    private static IReadOnlyList<string>? Array(byte[] bytes, string key) =>
        StorageConfReader.StringArray(TomlDocument.Parse(bytes).Root, key, out _);

    [Fact]
    public void AddsOurStoresAfterTheAdminsAndRemembersOnlyOurs()
    {
        var result = Render(Base, StorageOwnership.None, ["/mnt/nfs-images"], ["/var/lib/stargz-store/store"]);

        Assert.True(result.Succeeded);
        Assert.Equal(["/mnt/admin-store", "/mnt/nfs-images"], Array(result.Content!, "additionalimagestores"));
        Assert.Equal(["/var/lib/stargz-store/store:ref"], Array(result.Content!, "additionallayerstores"));
        Assert.Equal(["/mnt/nfs-images"], result.Ownership.ImageStores);
        Assert.Equal(["/var/lib/stargz-store/store:ref"], result.Ownership.LayerStores);
        var text = Encoding.UTF8.GetString(result.Content!);
        Assert.Contains("# admin comment", text, StringComparison.Ordinal);
        Assert.Contains("\"/mnt/admin-store\",  # added by hand", text, StringComparison.Ordinal);
        Assert.Contains("mountopt = \"nodev\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RemovingAStoreRemovesOnlyOurEntry()
    {
        var first = Render(Base, StorageOwnership.None, ["/mnt/a", "/mnt/b"], []);
        var second = Render(Encoding.UTF8.GetString(first.Content!), first.Ownership, ["/mnt/b"], []);

        Assert.Equal(["/mnt/admin-store", "/mnt/b"], Array(second.Content!, "additionalimagestores"));
        Assert.Equal(["/mnt/b"], second.Ownership.ImageStores);
    }

    [Fact]
    public void EmptyDesiredState_RestoresTheAdminsList_ByteForByteWhenWeNeverAdded()
    {
        var none = Render(Base, StorageOwnership.None, [], []);
        Assert.Equal(Base, Encoding.UTF8.GetString(none.Content!));

        var added = Render(Base, StorageOwnership.None, ["/mnt/a"], ["/mnt/l"]);
        var removed = Render(Encoding.UTF8.GetString(added.Content!), added.Ownership, [], []);
        Assert.Equal(["/mnt/admin-store"], Array(removed.Content!, "additionalimagestores"));
        Assert.Equal([], Array(removed.Content!, "additionallayerstores"));
        Assert.True(removed.Ownership.IsEmpty);
    }

    [Fact]
    public void AStoreTheAdminListedByHand_StaysTheAdmins()
    {
        var result = Render(Base, StorageOwnership.None, ["/mnt/admin-store"], []);
        Assert.Equal(Base, Encoding.UTF8.GetString(result.Content!));
        Assert.Empty(result.Ownership.ImageStores);
    }

    [Fact]
    public void RenderIsIdempotent()
    {
        var once = Render(Base, StorageOwnership.None, ["/mnt/a", "/mnt/b"], ["/l1", "/l2"]);
        var twice = Render(Encoding.UTF8.GetString(once.Content!), once.Ownership, ["/mnt/a", "/mnt/b"], ["/l1", "/l2"]);
        Assert.Equal(once.Content, twice.Content);
        Assert.Equal(once.Ownership, twice.Ownership);
    }

    [Fact]
    public void NoStorageConfAtAll_AndNothingToAdd_WritesNothing()
    {
        var result = Render(null, StorageOwnership.None, [], []);
        Assert.Null(result.Content);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void NoStorageConfAtAll_StartsFromACompleteMinimalFile()
    {
        var result = Render(null, StorageOwnership.None, ["/mnt/a"], []);
        var root = TomlDocument.Parse(result.Content!).Root;
        Assert.Equal("overlay", StorageConfReader.Driver(root));
        Assert.Equal("/run/containers/storage", StorageConfReader.Roots(root).RunRoot);
        Assert.Equal(["/mnt/a"], Array(result.Content!, "additionalimagestores"));
    }

    [Fact]
    public void VfsDriver_LeavesLayerStoresOutWithAWarning()
    {
        var result = Render("[storage]\ndriver = \"vfs\"\n", StorageOwnership.None, ["/mnt/a"], ["/mnt/l"]);
        Assert.True(result.Succeeded);
        Assert.Null(Array(result.Content!, "additionallayerstores"));
        Assert.Contains(result.Diagnostics, d => d.Code == RenderingCodes.LayerStoresNeedOverlay && !d.IsError);
    }

    [Fact]
    public void SyntaxErrorInStorageConf_IsReportedWithPositionAndNothingRendered()
    {
        var result = Render("[storage]\ndriver = \"overlay\n", StorageOwnership.None, ["/mnt/a"], []);
        Assert.False(result.Succeeded);
        Assert.Null(result.Content);
        var error = result.Diagnostics[0];
        Assert.All(result.Diagnostics, d => Assert.True(d.IsError));
        Assert.Equal((RenderingCodes.StorageConfInvalid, 2), (error.Code, error.Line));
        Assert.True(error.Column > 0);
    }

    [Fact]
    public void NonStringItems_AreNotManaged()
    {
        // container-libs' attributed slice: CRI-O's c/storage cannot read it, and we must not drop the attribute.
        var result = Render("[storage.options]\nadditionalimagestores = [\"/x\", {append = true}]\n", StorageOwnership.None, ["/mnt/a"], []);
        Assert.False(result.Succeeded);
        Assert.Equal(RenderingCodes.StorageConfUneditable, Assert.Single(result.Diagnostics).Code);
    }
}
