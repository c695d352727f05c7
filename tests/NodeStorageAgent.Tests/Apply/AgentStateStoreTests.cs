using NodeStorageAgent.Rendering;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using NodeStorageAgent.Apply;
using NodeStorageAgent.StateMachine;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.Persistence;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Tests.Apply;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AgentStateStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly AgentStateStore _store;

    public AgentStateStoreTests() => _store = new AgentStateStore(new NodeRoot(_dir.Path), new AtomicFileWriter());

    public void Dispose() => _dir.Dispose();

    private static AgentState Sample => new()
    {
        OwnedStorageEntries = new StorageOwnership(["/mnt/ais"], ["/var/lib/stargz-store/store:ref"]),
        Generation = 7,
        AppliedDigest = "sha256:aa",
        LastKnownGood = new KnownGoodConfig(6, "sha256:bb", [new(NodePaths.StorageConf, [0, 1, 2, 255]), new(NodePaths.CrioDropIn, null)]),
        FailedDigest = "sha256:cc",
        RebootRequested = new RebootRecord("sha256:dd", "boot-1", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)),
        LastRestartUtc = new DateTimeOffset(2026, 1, 2, 3, 4, 6, TimeSpan.Zero),
    };

    [Fact]
    public void SavesAndLoadsEveryField()
    {
        Assert.False(_store.Save(Sample).Failed);

        var loaded = _store.Load();

        Assert.True(loaded.Found, loaded.Problem?.ToString());
        Assert.Equal(Sample.OwnedStorageEntries.LayerStores, loaded.State.OwnedStorageEntries.LayerStores);
        Assert.Equal(Sample.OwnedStorageEntries.ImageStores, loaded.State.OwnedStorageEntries.ImageStores);
        Assert.Equal([0, 1, 2, 255], loaded.State.LastKnownGood!.Files[0].Content);
        Assert.Null(loaded.State.LastKnownGood.Files[1].Content);
        Assert.Equal(Sample.RebootRequested, loaded.State.RebootRequested);
        Assert.Equal(Sample with { OwnedStorageEntries = loaded.State.OwnedStorageEntries, LastKnownGood = loaded.State.LastKnownGood }, loaded.State);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_store.HostPath));
    }

    [Fact]
    public void MissingFileIsADefaultWithoutAProblem()
    {
        var loaded = _store.Load();

        Assert.False(loaded.Found);
        Assert.Null(loaded.Problem);
        Assert.Equal(0, loaded.State.Generation);
    }

    [Theory]
    [InlineData("", ApplyDiagnostics.StateCorrupt)]
    [InlineData("\0\0\0\0", ApplyDiagnostics.StateCorrupt)]
    [InlineData("null", ApplyDiagnostics.StateCorrupt)]
    [InlineData("[1,2]", ApplyDiagnostics.StateCorrupt)]
    [InlineData("{\"generation\": \"seven\"}", ApplyDiagnostics.StateCorrupt)]
    [InlineData("{\"ownedStorageEntries\": null}", ApplyDiagnostics.StateCorrupt)]
    [InlineData("{\"lastKnownGood\": {\"generation\": 1}}", ApplyDiagnostics.StateCorrupt)]
    [InlineData("{\"schemaVersion\": 99}", ApplyDiagnostics.StateUnknownVersion)]
    [InlineData("{\"schemaVersion\": 0}", ApplyDiagnostics.StateUnknownVersion)]
    public void DamagedFileIsADefaultWithADiagnostic(string content, string code)
    {
        _dir.WriteFile("var/lib/node-storage-agent/state.json", content);

        var loaded = _store.Load();

        Assert.False(loaded.Found);
        Assert.Equal(code, loaded.Problem!.Code);
        Assert.Equal(_store.HostPath, loaded.Problem.Path);
        Assert.Equal(new AgentState().Generation, loaded.State.Generation);
    }

    [Fact]
    public void EveryTruncationOfAValidFileLoadsWithoutThrowing()
    {
        Assert.False(_store.Save(Sample).Failed);
        var full = File.ReadAllBytes(_store.HostPath);

        Prop.ForAll(Gen.Choose(0, full.Length - 1).ToArbitrary(), length =>
        {
            File.WriteAllBytes(_store.HostPath, full[..length]);
            var loaded = _store.Load();
            return !loaded.Found && loaded.Problem is { Code: ApplyDiagnostics.StateCorrupt };
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void UnknownFieldsFromANewerAgentSurviveASave()
    {
        _dir.WriteFile("var/lib/node-storage-agent/state.json", "{\"schemaVersion\":1,\"generation\":3,\"futureField\":{\"x\":[1,2]}}");

        var loaded = _store.Load();
        Assert.False(_store.Save(loaded.State with { Generation = 4 }).Failed);

        var text = Encoding.UTF8.GetString(File.ReadAllBytes(_store.HostPath));
        Assert.Contains("\"futureField\"", text);
        Assert.Equal(4, _store.Load().State.Generation);
    }

    [Fact]
    public void OwnershipSurvivesATruncatedStateFile()
    {
        Assert.False(_store.Save(Sample).Failed);
        File.WriteAllBytes(_store.HostPath, []);

        var loaded = new AgentStateStore(new NodeRoot(_dir.Path), new AtomicFileWriter()).Load();

        Assert.False(loaded.Found);
        Assert.Equal(Sample.OwnedStorageEntries.ImageStores, loaded.State.OwnedStorageEntries.ImageStores);
        Assert.Equal(Sample.OwnedStorageEntries.LayerStores, loaded.State.OwnedStorageEntries.LayerStores);
        Assert.Equal(ApplyDiagnostics.StateCorrupt, loaded.Problem!.Code);
        Assert.Contains("owned-entries.json", loaded.Problem.Message);
    }

    [Fact]
    public void OwnershipSurvivesADeletedStateFile()
    {
        Assert.False(_store.Save(Sample).Failed);
        File.Delete(_store.HostPath);

        var loaded = new AgentStateStore(new NodeRoot(_dir.Path), new AtomicFileWriter()).Load();

        Assert.Equal(Sample.OwnedStorageEntries.ImageStores, loaded.State.OwnedStorageEntries.ImageStores);
        Assert.Equal(ApplyDiagnostics.OwnershipRecovered, loaded.Problem!.Code);
    }

    [Fact]
    public void ADeletedOwnershipCopy_IsWrittenAgainByTheNextSave_EvenWhenTheStateIsUnchanged()
    {
        Assert.False(_store.Save(Sample).Failed);
        var copy = Path.Combine(Path.GetDirectoryName(_store.HostPath)!, "owned-entries.json");
        File.Delete(copy);
        var store = new AgentStateStore(new NodeRoot(_dir.Path), new AtomicFileWriter());
        var loaded = store.Load();

        var saved = store.Save(loaded.State);

        Assert.Equal((FileWriteStatus.Unchanged, null), (saved.Status, saved.Diagnostic));
        File.Delete(_store.HostPath);
        Assert.Equal(Sample.OwnedStorageEntries.ImageStores, new AgentStateStore(new NodeRoot(_dir.Path), new AtomicFileWriter()).Load().State.OwnedStorageEntries.ImageStores);
    }
}
