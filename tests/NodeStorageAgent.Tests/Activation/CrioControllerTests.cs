using Microsoft.Extensions.Time.Testing;
using NodeStorageAgent.Activation;
using NodeStorageAgent.StateMachine;

namespace NodeStorageAgent.Tests.Activation;

/// <summary>Drives the CRI-O controller against the stand-in systemctl script (a real child process): what each
/// systemd answer becomes as an event for the state machine.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CrioControllerTests : IDisposable
{
    private const string Restart = "restart --no-block crio.service";
    private const string Look = "show -p ActiveState -p InvocationID crio.service";
    private readonly SystemctlStandIn _systemctl = new();

    public void Dispose() => _systemctl.Dispose();

    private CrioController Controller(TimeSpan? startTimeout = null) => new(
        new SystemctlClient(new CommandRunner(), new SystemctlOptions { SearchPath = _systemctl.SearchPath }),
        TimeProvider.System,
        new CrioActivatorOptions { StartTimeout = startTimeout ?? TimeSpan.FromSeconds(30), PollInterval = TimeSpan.FromMilliseconds(20) });

    private static RestartCrio Effect(bool onlyIfRunning = true) => new("sha256:next", onlyIfRunning);

    [Fact]
    public async Task ARestartThatComesUp_ReportsTheNewInvocation()
    {
        _systemctl.StartupPolls = 3;
        var before = await Controller().ObserveAsync(TestContext.Current.CancellationToken);

        var result = await Controller().RestartAsync(Effect(), TestContext.Current.CancellationToken);

        var restarted = Assert.IsType<CrioRestarted>(result);
        Assert.NotNull(restarted.InvocationId);
        Assert.NotEqual(before.InvocationId, restarted.InvocationId);
        Assert.Equal(1, _systemctl.Count(Restart));
        Assert.True(_systemctl.Count(Look) >= 4, string.Join("\n", _systemctl.Calls));
        Assert.Equal([Look, Look, Restart], _systemctl.Calls.Take(3)); // one call per look, before the restart as well
    }

    [Fact]
    public async Task ALookAtCrio_IsOneSystemctlCall_ForItsStateAndInvocation()
    {
        var seen = await Controller().ObserveAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new CrioObservation(UnitActiveState.Active, "inv1"), seen);
        Assert.Equal([Look], _systemctl.Calls);
    }

    [Fact]
    public async Task WhenCrioIsNotRunning_NothingIsRestarted()
    {
        _systemctl.State = "inactive";

        var result = await Controller().RestartAsync(Effect(), TestContext.Current.CancellationToken);

        Assert.Equal(UnitActiveState.Inactive, Assert.IsType<CrioNotRunning>(result).State);
        Assert.Equal([Look], _systemctl.Calls);
    }

    [Fact]
    public async Task AfterAFailure_TheRollbackRestartsAFailedCrio()
    {
        _systemctl.State = "failed";

        var result = await Controller().RestartAsync(Effect(onlyIfRunning: false), TestContext.Current.CancellationToken);

        Assert.IsType<CrioRestarted>(result);
        Assert.Equal(1, _systemctl.Count(Restart));
    }

    [Fact]
    public async Task AStartThatFails_IsReportedAsSuch()
    {
        _systemctl.Mode = "config"; // fails to start while a watched file contains BROKEN
        var broken = Path.Combine(_systemctl.Directory, "storage.conf");
        File.WriteAllText(broken, "driver = \"BROKEN\"\n");
        _systemctl.WatchedFile = broken;

        var result = await Controller().RestartAsync(Effect(), TestContext.Current.CancellationToken);

        Assert.Equal(ActivationDiagnostics.StartFailed, Assert.IsType<CrioRestartFailed>(result).Problem.Code);
    }

    [Fact]
    public async Task AStartThatNeverFinishes_TimesOutOnce()
    {
        _systemctl.Mode = "hang";

        var result = await Controller(TimeSpan.FromMilliseconds(300)).RestartAsync(Effect(), TestContext.Current.CancellationToken);

        Assert.Equal(ActivationDiagnostics.StartTimedOut, Assert.IsType<CrioRestartFailed>(result).Problem.Code);
        Assert.Equal(1, _systemctl.Count(Restart)); // never loops
    }

    [Fact]
    public async Task ARestartCommandFailure_CarriesSystemctlsStderr()
    {
        _systemctl.Mode = "fail-restart";

        var result = await Controller().RestartAsync(Effect(), TestContext.Current.CancellationToken);

        Assert.Contains("Unit crio.service is masked", Assert.IsType<CrioRestartFailed>(result).Problem.Message);
    }

    [Fact]
    public async Task Reboot_IsOneSystemctlCall()
    {
        var result = await Controller().RebootAsync(new Reboot("sha256:next"), TestContext.Current.CancellationToken);

        Assert.IsType<RebootIssued>(result);
        Assert.Equal(1, _systemctl.Count("reboot"));
    }

    [Fact]
    public async Task SystemctlThatHangsIgnoringSigterm_IsKilled_OnTheInjectedClock()
    {
        _systemctl.Mode = "stuck";
        var time = new FakeTimeProvider();
        var client = new SystemctlClient(new CommandRunner(time), new SystemctlOptions
        {
            SearchPath = _systemctl.SearchPath,
            CommandTimeout = TimeSpan.FromSeconds(10),
            KillGrace = TimeSpan.FromSeconds(5),
        });

        var run = client.RestartNoBlockAsync("crio.service", TestContext.Current.CancellationToken);
        // The script has ignored SIGTERM once it made this file; only then is the fake clock moved.
        var ready = Path.Combine(_systemctl.Directory, "stuck-ready");
        for (var i = 0; i < 600 && !File.Exists(ready); i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(ready), "the stand-in never started");
        for (var i = 0; i < 400 && !run.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(run, Task.Delay(25, TestContext.Current.CancellationToken));
        }

        var result = await run;
        Assert.Equal(_systemctl.Executable, client.Executable);
        Assert.True(result.TimedOut);
        Assert.True(result.Killed);
    }

    [Fact]
    public async Task ShowReadsTheStateAndNoInvocationWhenNotRunning()
    {
        var client = new SystemctlClient(new CommandRunner(), new SystemctlOptions { Executable = _systemctl.Executable });
        _systemctl.State = "failed";

        var unit = await client.ShowActivityAsync("crio.service", TestContext.Current.CancellationToken);

        Assert.Equal(UnitActiveState.Failed, unit.State);
        Assert.Null(unit.InvocationId);
        Assert.Equal(0, unit.Result.ExitCode);
        Assert.False(unit.IsRunning);
    }
}
