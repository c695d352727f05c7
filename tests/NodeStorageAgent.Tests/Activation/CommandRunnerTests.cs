using System.Diagnostics;
using NodeStorageAgent.Activation;

namespace NodeStorageAgent.Tests.Activation;

public sealed class CommandRunnerTests
{
    private readonly CommandRunner _runner = new();

    private static CommandRequest Sh(string script, TimeSpan? timeout = null, TimeSpan? grace = null) =>
        new("/bin/sh", ["-c", script], timeout ?? TimeSpan.FromSeconds(10), grace);

    [Fact]
    public async Task TrueSucceeds()
    {
        var result = await _runner.RunAsync(new CommandRequest("true", [], TimeSpan.FromSeconds(10)), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        Assert.Equal(0, result.ExitCode);
        Assert.False(result.TimedOut);
    }

    [Fact]
    public async Task FalseIsAValueNotAnException()
    {
        var result = await _runner.RunAsync(new CommandRequest("false", [], TimeSpan.FromSeconds(10)), TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("`false` exited with 1", result.Describe());
    }

    [Fact]
    public async Task OutputIsCapturedAndStderrIsTruncatedForDiagnostics()
    {
        var result = await _runner.RunAsync(Sh("echo out; printf '%0300d' 0 >&2; exit 2"), TestContext.Current.CancellationToken);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("out\n", result.StandardOutput);
        Assert.Equal(300, result.StandardError.Length);
        Assert.Equal(CommandResult.DiagnosticStderrLength + 1, result.StandardErrorSummary.Length);
        Assert.Contains("exited with 2: 000", result.ToDiagnostic("NSA4501").Message);
    }

    [Fact]
    public async Task SleepIsStoppedWithSigtermAtTheTimeout()
    {
        var clock = Stopwatch.StartNew();
        var result = await _runner.RunAsync(new CommandRequest("sleep", ["30"], TimeSpan.FromMilliseconds(200)), TestContext.Current.CancellationToken);

        Assert.True(result.TimedOut);
        Assert.False(result.Killed);
        Assert.Equal(128 + 15, result.ExitCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(200), "stopped before its timeout");
    }

    [Fact]
    public async Task AProgramIgnoringSigtermIsKilledAfterTheGracePeriod()
    {
        var clock = Stopwatch.StartNew();
        var result = await _runner.RunAsync(
            Sh("trap '' TERM; echo ready; while :; do sleep 0.05; done", TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300)),
            TestContext.Current.CancellationToken);

        Assert.True(result.TimedOut);
        Assert.True(result.Killed);
        Assert.Equal("ready\n", result.StandardOutput);
        Assert.Contains("was killed (SIGKILL)", result.Describe());
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(600), "killed before timeout + grace");
    }

    [Fact]
    public async Task SystemdNotifyAndWatchdogVariablesAreNotInherited()
    {
        Environment.SetEnvironmentVariable("NOTIFY_SOCKET", "/run/systemd/notify");
        Environment.SetEnvironmentVariable("WATCHDOG_USEC", "30000000");
        try
        {
            var result = await _runner.RunAsync(Sh("echo \"${NOTIFY_SOCKET-unset} ${WATCHDOG_USEC-unset} ${PATH:+path-kept}\""), TestContext.Current.CancellationToken);

            Assert.Equal("unset unset path-kept\n", result.StandardOutput);
        }
        finally
        {
            Environment.SetEnvironmentVariable("NOTIFY_SOCKET", null);
            Environment.SetEnvironmentVariable("WATCHDOG_USEC", null);
        }
    }

    [Fact]
    public async Task TheRestOfTheAgentsEnvironmentIsInherited()
    {
        // The sandbox's systemctl stand-in finds its node root through the environment, as a real tool may read its
        // own configuration variables: children get the agent's environment, less systemd's variables.
        Environment.SetEnvironmentVariable("NSA_TEST_INHERITED", "kept");
        try
        {
            var result = await _runner.RunAsync(Sh("echo \"${NSA_TEST_INHERITED-unset} $LC_ALL\""), TestContext.Current.CancellationToken);

            Assert.Equal("kept C\n", result.StandardOutput);
        }
        finally
        {
            Environment.SetEnvironmentVariable("NSA_TEST_INHERITED", null);
        }
    }

    [Fact]
    public async Task AMissingProgramIsAStartError()
    {
        var result = await _runner.RunAsync(new CommandRequest("/nonexistent/systemctl", [], TimeSpan.FromSeconds(5)), TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Null(result.ExitCode);
        Assert.NotNull(result.StartError);
        Assert.Contains("could not be started", result.Describe());
    }
}
