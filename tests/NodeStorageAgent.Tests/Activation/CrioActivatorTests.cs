using System.Text;
using NodeStorageAgent.Activation;
using NodeStorageAgent.Apply;
using NodeStorageAgent.Hosting;
using NodeStorageAgent.Tests.Apply;

namespace NodeStorageAgent.Tests.Activation;

/// <summary>Drives the activator against the stand-in systemctl script (a real child process) and real files.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CrioActivatorTests : IDisposable
{
    private const string Restart = "restart --no-block crio.service";
    private static readonly byte[] Good = Encoding.UTF8.GetBytes("[storage]\ndriver = \"overlay\"\n");
    private static readonly byte[] Broken = Encoding.UTF8.GetBytes("[storage]\ndriver = \"BROKEN\"\n");

    private readonly TempDirectory _dir = new();
    private readonly SystemctlStandIn _systemctl = new();
    private readonly NodeRoot _root;
    private readonly ConfigApplier _applier;
    private readonly AgentStateStore _store;
    private readonly string _bootIdFile;

    public CrioActivatorTests()
    {
        _root = new NodeRoot(_dir.Path);
        var writer = new AtomicFileWriter();
        _applier = new ConfigApplier(_root, writer, new BackupStore(_root, writer));
        _store = new AgentStateStore(_root, writer);
        _bootIdFile = _dir.WriteFile("boot_id", "boot-1\n");
        _systemctl.WatchedFile = _root.Resolve(NodePaths.StorageConf);
    }

    public void Dispose()
    {
        _systemctl.Dispose();
        _dir.Dispose();
    }

    private CrioActivator Activator(TimeSpan? startTimeout = null) => new(
        new SystemctlClient(new CommandRunner(), new SystemctlOptions { SearchPath = _systemctl.SearchPath }),
        _applier,
        _store,
        new BootIdReader(_bootIdFile),
        TimeProvider.System,
        new CrioActivatorOptions { StartTimeout = startTimeout ?? TimeSpan.FromSeconds(5), PollInterval = TimeSpan.FromMilliseconds(20) });

    /// <summary>Good bytes are the last-known-good (CRI-O ran with them); <paramref name="next"/> is now on disk.</summary>
    private ActivationRequest Prepare(byte[] next, ActivationAction action = ActivationAction.Restart)
    {
        Assert.True(_applier.Apply([new RenderedFile(NodePaths.StorageConf, Good)]).Succeeded);
        var lastKnownGood = new KnownGoodConfig(1, "sha256:good", _applier.Snapshot([NodePaths.StorageConf]).Files);
        Assert.True(_applier.Apply([new RenderedFile(NodePaths.StorageConf, next)]).Succeeded);
        return new ActivationRequest(action, "sha256:next", 2, [NodePaths.StorageConf], new AgentState { Generation = 2, LastKnownGood = lastKnownGood });
    }

    private byte[] OnDisk() => File.ReadAllBytes(_root.Resolve(NodePaths.StorageConf));

    [Fact]
    public async Task RestartThatComesUpMakesTheNewConfigLastKnownGood()
    {
        _systemctl.StartupPolls = 3;
        var next = Encoding.UTF8.GetBytes("[storage]\ndriver = \"vfs\"\n");

        var outcome = await Activator().ActivateAsync(Prepare(next), TestContext.Current.CancellationToken);

        Assert.Equal(ActivationStatus.Restarted, outcome.Status);
        Assert.Equal(1, _systemctl.Count(Restart));
        Assert.True(_systemctl.Count("is-active crio.service") >= 4, string.Join("\n", _systemctl.Calls));
        Assert.Equal(2, outcome.State.LastKnownGood!.Generation);
        Assert.Equal(next, outcome.State.LastKnownGood.Files[0].Content);
        Assert.NotNull(outcome.State.LastRestartUtc);
        Assert.Equal(next, OnDisk());
    }

    [Fact]
    public async Task WhenCrioIsNotRunningOnlyFilesAreWritten()
    {
        _systemctl.State = "inactive";

        var outcome = await Activator().ActivateAsync(Prepare(Broken), TestContext.Current.CancellationToken);

        Assert.Equal(ActivationStatus.NotRunningFilesOnly, outcome.Status);
        Assert.Equal(["is-active crio.service"], _systemctl.Calls);
        Assert.Equal(Broken, OnDisk());
    }

    [Fact]
    public async Task ABrokenConfigIsRolledBackAndCrioRestartedOnceMore()
    {
        _systemctl.Mode = "config"; // fails to start while storage.conf contains BROKEN
        _systemctl.StartupPolls = 1;

        var outcome = await Activator().ActivateAsync(Prepare(Broken), TestContext.Current.CancellationToken);

        Assert.Equal(ActivationStatus.RolledBack, outcome.Status);
        Assert.Equal(ActivationDiagnostics.StartFailed, outcome.Diagnostics[0].Code);
        Assert.Equal(2, _systemctl.Count(Restart));
        Assert.Equal(Good, OnDisk());
        Assert.Equal("sha256:next", outcome.State.FailedDigest);
        Assert.Equal(1, outcome.State.LastKnownGood!.Generation);
        Assert.False(outcome.IsHealthy);
    }

    [Fact]
    public async Task AStartThatNeverFinishesTimesOutRollsBackAndStops()
    {
        _systemctl.Mode = "hang";
        var timeout = TimeSpan.FromMilliseconds(300);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var outcome = await Activator(timeout).ActivateAsync(Prepare(Broken), TestContext.Current.CancellationToken);

        Assert.Equal(ActivationStatus.RollbackFailed, outcome.Status);
        Assert.Equal(ActivationDiagnostics.StartTimedOut, outcome.Diagnostics[0].Code);
        Assert.Contains(outcome.Diagnostics, d => d.Code == ActivationDiagnostics.RollbackRestartFailed);
        Assert.Equal(2, _systemctl.Count(Restart)); // never loops
        Assert.Equal(Good, OnDisk());
        Assert.InRange(clock.Elapsed, 2 * timeout, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ARestartCommandFailureIsReportedWithSystemctlsStderr()
    {
        _systemctl.Mode = "fail-restart";

        var outcome = await Activator().ActivateAsync(Prepare(Broken), TestContext.Current.CancellationToken);

        Assert.Equal(ActivationStatus.RollbackFailed, outcome.Status);
        Assert.Contains("Unit crio.service is masked", outcome.Diagnostics[0].Message);
        Assert.Equal(Good, OnDisk());
    }

    [Fact]
    public async Task WithoutALastKnownGoodNothingIsRolledBack()
    {
        _systemctl.Mode = "config";
        var request = Prepare(Broken) with { State = new AgentState() };

        var outcome = await Activator().ActivateAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(ActivationStatus.RollbackFailed, outcome.Status);
        Assert.Contains(outcome.Diagnostics, d => d.Code == ActivationDiagnostics.NoLastKnownGood);
        Assert.Equal(1, _systemctl.Count(Restart));
    }

    [Fact]
    public async Task RebootHappensAtMostOncePerDigestAcrossBoots()
    {
        var request = Prepare(Broken, ActivationAction.Reboot);
        var activator = Activator();

        var first = await activator.ActivateAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(ActivationStatus.RebootRequested, first.Status);
        Assert.Equal(new RebootRecord("sha256:next", "boot-1", first.State.RebootRequested!.RequestedUtc), _store.Load().State.RebootRequested);

        var sameBoot = await activator.ActivateAsync(request with { State = _store.Load().State }, TestContext.Current.CancellationToken);
        Assert.Equal(ActivationStatus.RebootPending, sameBoot.Status);

        File.WriteAllText(_bootIdFile, "boot-2\n");
        var afterReboot = await activator.ActivateAsync(request with { State = _store.Load().State }, TestContext.Current.CancellationToken);
        Assert.Equal(ActivationStatus.RebootSuppressed, afterReboot.Status);
        Assert.Equal(ActivationDiagnostics.RebootSuppressed, afterReboot.Diagnostics[0].Code);

        Assert.Equal(1, _systemctl.Count("reboot"));
    }

    [Fact]
    public async Task ActionNoneOnlyReportsPending()
    {
        var outcome = await Activator().ActivateAsync(Prepare(Broken, ActivationAction.None), TestContext.Current.CancellationToken);

        Assert.Equal(ActivationStatus.Pending, outcome.Status);
        Assert.Empty(_systemctl.Calls);
    }

    [Fact]
    public async Task SystemctlThatHangsIgnoringSigtermIsKilled()
    {
        _systemctl.Mode = "stuck";
        var client = new SystemctlClient(new CommandRunner(), new SystemctlOptions
        {
            SearchPath = _systemctl.SearchPath,
            CommandTimeout = TimeSpan.FromMilliseconds(200),
            KillGrace = TimeSpan.FromMilliseconds(200),
        });

        var result = await client.RestartNoBlockAsync("crio.service", TestContext.Current.CancellationToken);

        Assert.Equal(_systemctl.Executable, client.Executable);
        Assert.True(result.TimedOut);
        Assert.True(result.Killed);
    }

    [Fact]
    public async Task IsActiveReadsTheStateWord()
    {
        var client = new SystemctlClient(new CommandRunner(), new SystemctlOptions { Executable = _systemctl.Executable });
        _systemctl.State = "failed";

        var activity = await client.IsActiveAsync("crio.service", TestContext.Current.CancellationToken);

        Assert.Equal(UnitActiveState.Failed, activity.State);
        Assert.Equal(3, activity.Result.ExitCode);
        Assert.False(activity.IsRunning);
    }
}
