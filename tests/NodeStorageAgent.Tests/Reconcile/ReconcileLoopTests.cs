using Microsoft.Extensions.Time.Testing;
using NodeStorageAgent.Activation;
using NodeStorageAgent.Apply;
using NodeStorageAgent.Probing;
using NodeStorageAgent.Reconcile;
using NodeStorageAgent.Tests.Apply;
using Serilog.Core;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Tests.Reconcile;

/// <summary>
/// The daemon's loop on fake time: the real pipeline, state machine, writer and state file over a temp root; the
/// probes and CRI-O scripted. Each test steps the loop as <c>RunAsync</c> would when it wakes, after moving the clock.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ReconcileLoopTests : IDisposable
{
    private const string StorageConf = "[storage]\ndriver = \"overlay\"\n";
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ScriptedProber _prober = new();
    private readonly ScriptedCrio _crio = new();
    private readonly AgentRuntime _runtime;

    private Action<string>? _beforeCommit;

    public ReconcileLoopTests()
    {
        _dir.WriteFile("etc/containers/storage.conf", StorageConf);
        _dir.WriteFile("boot_id", "boot-1\n");
        Directory.CreateDirectory(Path.Combine(_dir.Path, "mnt", "a"));
        _runtime = NewRuntime(new AgentOptions { Root = new NodeRoot(_dir.Path), BootStoreWait = TimeSpan.Zero, RestartMinInterval = TimeSpan.FromSeconds(10) });
    }

    private AgentRuntime NewRuntime(AgentOptions options)
    {
        var runtime = new AgentRuntime(options, Cli.AgentOptionsBinder.NoNotifier(Logger.None), _time, Logger.None,
            new BootIdReader(Path.Combine(_dir.Path, "boot_id")), _prober, _crio, new AtomicFileWriter(path => _beforeCommit?.Invoke(path)));
        runtime.Prepare();
        return runtime;
    }

    public void Dispose()
    {
        _runtime.Dispose();
        _dir.Dispose();
    }

    private ReconcileLoop Loop => _runtime.Loop;

    private long Generation => _runtime.Runner.State.Generation;

    private string OnDiskPath => Path.Combine(_dir.Path, "etc/containers/storage.conf");

    private string OnDisk => File.ReadAllText(OnDiskPath);

    private void Desire(params string[] imageStores)
    {
        foreach (var store in imageStores)
        {
            Directory.CreateDirectory(_dir.Path + store);
        }

        _dir.WriteFile("etc/node-storage-agent/desired-state.toml",
            string.Concat(imageStores.Select(s => $"[[additionalImageStores]]\npath = \"{s}\"\n")));
    }

    /// <summary>Moves the clock to the loop's next wake-up and lets it do what is due then.</summary>
    private async Task WakeAsync()
    {
        _time.Advance(Loop.UntilNextWake());
        await Loop.StepAsync(null, TestContext.Current.CancellationToken);
    }

    /// <summary>Wakes the loop until it has run one more probe round.</summary>
    private async Task ProbeRoundAsync()
    {
        var rounds = _prober.Rounds;
        for (var i = 0; i < 10 && _prober.Rounds == rounds; i++)
        {
            await WakeAsync();
        }

        Assert.Equal(rounds + 1, _prober.Rounds);
    }

    [Fact]
    public async Task AStoreThatFailsTwiceThenRecoversThreeTimes_CausesOneWriteOutAndOneWriteBack()
    {
        Desire("/mnt/a");
        await Loop.StartAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, Generation);
        Assert.Contains("/mnt/a", OnDisk);
        await WakeAsync(); // the restart, after the quiet period
        Assert.Equal(1, _crio.Restarts);

        _prober.Health["/mnt/a"] = StoreHealth.Unhealthy;
        await ProbeRoundAsync(); // first failure: still in (hysteresis), probed again at once
        Assert.Equal(1, Generation);
        await ProbeRoundAsync(); // second failure: out
        Assert.Equal(2, Generation);
        Assert.DoesNotContain("/mnt/a", OnDisk);

        _prober.Health["/mnt/a"] = StoreHealth.Healthy;
        for (var i = 0; i < 2; i++)
        {
            await ProbeRoundAsync();
            Assert.Equal(2, Generation);
        }

        await ProbeRoundAsync(); // third good probe: back in
        Assert.Equal(3, Generation);
        Assert.Contains("/mnt/a", OnDisk);
        for (var i = 0; i < 10; i++)
        {
            await ProbeRoundAsync();
        }

        Assert.Equal(3, Generation);
    }

    [Fact]
    public async Task AFirstStart_SavesTheStateBeforeTheWriteAndOnceAfter_AndItIsDurableWhenStartReturns()
    {
        _crio.State = UnitActiveState.Inactive; // a boot: CRI-O starts after READY
        Desire("/mnt/a");
        var saves = new List<string>();
        _beforeCommit = path => { if (path.EndsWith("state.json", StringComparison.Ordinal)) { saves.Add(File.ReadAllText(OnDiskPath)); } };

        await Loop.StartAsync(TestContext.Current.CancellationToken);

        // The claim, before storage.conf changes (so it still holds the original), and the result, after it.
        Assert.Equal([StorageConf, OnDisk], saves);
        var onDisk = _runtime.StateStore.Load().State;
        Assert.Equal(_runtime.Runner.State.Generation, onDisk.Generation);
        Assert.Equal(_runtime.Runner.State.AppliedDigest, onDisk.AppliedDigest);
        Assert.Equal(_runtime.Runner.State.LastKnownGood!.Digest, onDisk.LastKnownGood!.Digest);
    }

    [Fact]
    public async Task AnEditRestartedAtOnce_SavesTheStateTwiceBeforeTheRestart_TheClaimAndTheRestartItself()
    {
        _runtime.Dispose();
        using var runtime = NewRuntime(new AgentOptions { Root = new NodeRoot(_dir.Path), BootStoreWait = TimeSpan.Zero, RestartQuietPeriod = TimeSpan.Zero, RestartMinInterval = TimeSpan.Zero });
        Desire("/mnt/a");
        await runtime.Loop.StartAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, _crio.Restarts);
        var saves = 0;
        var savesBeforeRestart = -1;
        _beforeCommit = path => saves += path.EndsWith("state.json", StringComparison.Ordinal) ? 1 : 0;
        _crio.BeforeRestart = () => savesBeforeRestart = saves;

        Desire("/mnt/b");
        await runtime.Loop.StepAsync(ReconcileTrigger.DesiredStateChanged, TestContext.Current.CancellationToken);

        Assert.Equal(2, _crio.Restarts);
        Assert.Equal(2, savesBeforeRestart);
        Assert.Equal(3, saves); // and the restart's outcome, after it
        var onDisk = runtime.StateStore.Load().State.LastKnownGood!;
        Assert.Equal((runtime.Runner.State.LastKnownGood!.Digest, "inv-3"), (onDisk.Digest, onDisk.CrioInvocationId));
    }

    [Fact]
    public async Task AStateThatCannotBeSaved_IsAnErrorInTheStatus_UntilASaveSucceeds()
    {
        _runtime.Dispose();
        var statePath = Path.Combine(_dir.Path, "var/lib/node-storage-agent/state.json");
        Directory.CreateDirectory(statePath); // root writes anywhere: a directory in the way is what fails a save
        using var runtime = NewRuntime(new AgentOptions { Root = new NodeRoot(_dir.Path), BootStoreWait = TimeSpan.Zero });

        await runtime.Loop.StartAsync(TestContext.Current.CancellationToken); // first start: the last-known-good to save
        Assert.Contains(runtime.Loop.Status!.Errors, e => e.Contains("the agent state cannot be saved", StringComparison.Ordinal));

        Directory.Delete(statePath);
        await runtime.Loop.StepAsync(ReconcileTrigger.Resync, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(runtime.Loop.Status!.Errors, e => e.Contains("cannot be saved", StringComparison.Ordinal));
        Assert.True(runtime.StateStore.Load().Found);
    }

    [Fact]
    public async Task AnOwnershipCopyLeftBehindByACrash_IsSavedAgainBeforeTheNextWrite()
    {
        Desire("/mnt/a");
        await Loop.StartAsync(TestContext.Current.CancellationToken);
        _runtime.Dispose();
        // Killed during the claim for /mnt/b, before the directory fsync: state.json's rename landed, the copy's did
        // not, and storage.conf was not written yet.
        var statePath = Path.Combine(_dir.Path, "var/lib/node-storage-agent/state.json");
        var state = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(statePath))!;
        state["ownedStorageEntries"]!["imageStores"] = new System.Text.Json.Nodes.JsonArray("/mnt/a", "/mnt/b");
        File.WriteAllText(statePath, state.ToJsonString());
        var copy = Path.Combine(_dir.Path, "var/lib/node-storage-agent/owned-entries.json");
        Assert.DoesNotContain("/mnt/b", File.ReadAllText(copy));
        using var restarted = NewRuntime(new AgentOptions { Root = new NodeRoot(_dir.Path), BootStoreWait = TimeSpan.Zero });
        string? copyWhenStorageConfChanged = null;
        _beforeCommit = path => copyWhenStorageConfChanged ??= path.EndsWith("storage.conf", StringComparison.Ordinal) ? File.ReadAllText(copy) : null;

        Desire("/mnt/a", "/mnt/b");
        await restarted.Loop.StartAsync(TestContext.Current.CancellationToken);

        Assert.Contains("/mnt/a", copyWhenStorageConfChanged);
        Assert.Contains("/mnt/b", copyWhenStorageConfChanged);
    }

    [Fact]
    public async Task FiftyEditsInFiveSeconds_CauseOneRestart()
    {
        Desire();
        await Loop.StartAsync(TestContext.Current.CancellationToken);
        for (var i = 0; i < 50; i++)
        {
            Desire($"/mnt/edit{i}");
            await Loop.StepAsync(ReconcileTrigger.DesiredStateChanged, TestContext.Current.CancellationToken);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        for (var i = 0; i < 5; i++)
        {
            await WakeAsync();
        }

        Assert.Equal(50, Generation);
        Assert.Equal(1, _crio.Restarts);
        Assert.Contains("/mnt/edit49", OnDisk);
    }

    [Fact]
    public async Task CrioFailingAfterAnApply_CausesOneRollbackAndNoFurtherRestarts()
    {
        Desire();
        await Loop.StartAsync(TestContext.Current.CancellationToken);
        _crio.FailingStarts = 1;
        Desire("/mnt/a");
        await Loop.StepAsync(ReconcileTrigger.DesiredStateChanged, TestContext.Current.CancellationToken);
        for (var i = 0; i < 20; i++)
        {
            await WakeAsync();
        }

        Assert.Equal(2, _crio.Restarts); // the failed one, then the one onto the rolled-back files
        Assert.Equal(StorageConf, OnDisk);
        Assert.Contains("rolled back", Loop.ActivationProblem);
        Assert.Equal("degraded", Loop.Status!.Health.ToString().ToLowerInvariant());
    }

    [Fact]
    public async Task ARollback_KeepsAnAdminsEditMadeSinceTheLastGoodConfig()
    {
        Desire("/mnt/a");
        await Loop.StartAsync(TestContext.Current.CancellationToken);
        await WakeAsync();
        Assert.Equal(1, _crio.Restarts);

        // The admin adds an entry and an option; then a new store makes CRI-O fail.
        File.WriteAllText(Path.Combine(_dir.Path, "etc/containers/storage.conf"),
            OnDisk.Replace("additionalimagestores = [", "mountopt = \"metacopy=on\"\nadditionalimagestores = [\"/mnt/admin\", ", StringComparison.Ordinal));
        _crio.FailingStarts = 1;
        Desire("/mnt/a", "/mnt/b");
        await Loop.StepAsync(ReconcileTrigger.DesiredStateChanged, TestContext.Current.CancellationToken);
        for (var i = 0; i < 5; i++)
        {
            await WakeAsync();
        }

        Assert.Equal(3, _crio.Restarts);
        Assert.Contains("metacopy=on", OnDisk);
        Assert.Contains("\"/mnt/admin\"", OnDisk);
        Assert.Contains("\"/mnt/a\"", OnDisk);
        Assert.DoesNotContain("/mnt/b", OnDisk);
    }

    [Fact]
    public async Task AnAdminEditMadeBetweenOurReadAndOurWrite_IsKept_AndTheConfigIsRenderedOnItsBytes()
    {
        Desire();
        await Loop.StartAsync(TestContext.Current.CancellationToken);
        var storageConf = Path.Combine(_dir.Path, "etc/containers/storage.conf");
        var edits = 0;
        _beforeCommit = path =>
        {
            if (path == storageConf && edits++ == 0)
            {
                // The admin saves the file (write + rename, as editors do) after the agent read it and before it renames.
                File.WriteAllText(storageConf + ".admin", StorageConf + "[storage.options]\nmountopt = \"metacopy=on\"\n");
                File.Move(storageConf + ".admin", storageConf, overwrite: true);
            }
        };

        Desire("/mnt/a");
        await Loop.StepAsync(ReconcileTrigger.DesiredStateChanged, TestContext.Current.CancellationToken);

        Assert.Equal(1, Generation);
        Assert.Contains("metacopy=on", OnDisk);
        Assert.Contains("\"/mnt/a\"", OnDisk);
        Assert.Equal(2, edits); // the first write was refused (compare-and-swap), the second made on the admin's bytes
    }

    [Fact]
    public async Task AnEditorRacingTheLoop_LosesNoneOf200Edits()
    {
        // Issue 11's lost-update loop through the daemon's own path: an editor thread makes read-modify-write edits
        // of storage.conf (a comment line each, saved by rename as editors do) while the loop re-renders and rewrites
        // it for a desired state that keeps changing. Every editor line must survive, and our last entry must be in.
        // (Whether /mnt/a is still there depends on the race: an editor's save built on a read from before our
        // write puts it back, and an entry put back by someone else's write is theirs, no longer ours to remove.)
        Desire("/mnt/a", "/mnt/b");
        await Loop.StartAsync(TestContext.Current.CancellationToken);
        var storageConf = Path.Combine(_dir.Path, "etc/containers/storage.conf");
        var made = 0;
        var stop = false;
        var editor = new Thread(() =>
        {
            while (!Volatile.Read(ref stop) || made < 200)
            {
                File.WriteAllText(storageConf + ".editor", File.ReadAllText(storageConf) + $"# admin {made}\n");
                File.Move(storageConf + ".editor", storageConf, overwrite: true);
                Interlocked.Increment(ref made);
                Thread.Yield();
            }
        });

        var guard = System.Diagnostics.Stopwatch.StartNew();
        editor.Start();
        var passes = 0;
        for (; (passes < 20 || Volatile.Read(ref made) < 200) && guard.Elapsed < TimeSpan.FromSeconds(60); passes++)
        {
            Desire(passes % 2 == 0 ? "/mnt/a" : "/mnt/b");
            await Loop.StepAsync(ReconcileTrigger.DesiredStateChanged, TestContext.Current.CancellationToken);
        }

        Volatile.Write(ref stop, true);
        Assert.True(editor.Join(TimeSpan.FromSeconds(60)), "the editor did not finish");
        Desire("/mnt/b");
        await Loop.StepAsync(ReconcileTrigger.DesiredStateChanged, TestContext.Current.CancellationToken);

        var lines = OnDisk.Split('\n').ToHashSet(StringComparer.Ordinal);
        var lost = Enumerable.Range(0, made).Where(i => !lines.Contains($"# admin {i}")).ToList();
        Assert.True(made >= 200 && lost.Count == 0, $"{lost.Count} of {made} editor lines lost over {passes} passes: {string.Join(", ", lost.Take(10))}");
        Assert.Contains("\"/mnt/b\"", OnDisk);
        Assert.True(Generation >= 2, $"generation {Generation}: the loop never got a write in");
    }
}
