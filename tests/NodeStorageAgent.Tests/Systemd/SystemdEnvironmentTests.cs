using Microsoft.Extensions.Hosting.Systemd;
using System.Diagnostics;
using NodeStorageAgent.Systemd;
using Serilog.Core;

namespace NodeStorageAgent.Tests.Systemd;

[Collection(nameof(ProcessEnvironmentCollection))]
public class SystemdEnvironmentTests
{
    [Fact]
    public void CaptureBuildsTheNotifierAndWatchdogThenRemovesTheirVariables()
    {
        using var listener = UnixDatagramListener.BindPath();
        var environment = new FakeProcessEnvironment(new()
        {
            [SystemdConstants.NotifySocket] = listener.Address,
            [SystemdConstants.WatchdogUsec] = "20000000",
            [SystemdConstants.WatchdogPid] = "4242",
            [SystemdConstants.SystemdExecPid] = "4242",
            [SystemdConstants.InvocationId] = "0123456789abcdef0123456789abcdef",
        });

        var systemd = SystemdEnvironment.Capture(environment, Logger.None, () => PackageNotifiers.Create(listener.Address));

        Assert.True(systemd.IsSystemdService);
        Assert.Equal("SYSTEMD_EXEC_PID is our pid", systemd.Detection);
        Assert.Equal(TimeSpan.FromSeconds(20), systemd.Watchdog.Interval);
        Assert.Equal(
            [SystemdConstants.InvocationId, SystemdConstants.SystemdExecPid],
            environment.Variables.Keys.Order(StringComparer.Ordinal));
        Assert.True(systemd.Notifier.TrySend(ServiceState.Ready));
        Assert.Equal("READY=1", listener.ReceiveText());
    }

    [Theory]
    [InlineData("4242", null, null, true, "SYSTEMD_EXEC_PID is our pid")]
    [InlineData("17", "/run/systemd/notify", null, true, "NOTIFY_SOCKET is set")]
    [InlineData(null, null, "abc", true, "INVOCATION_ID is set")]
    [InlineData("17", null, "abc", false, "SYSTEMD_EXEC_PID=17 is not our pid 4242")]
    [InlineData("x", null, null, false, "SYSTEMD_EXEC_PID=x is not our pid")]
    [InlineData(null, null, null, false, "no NOTIFY_SOCKET")]
    public void DetectionGivesItsReason(string? execPid, string? notifySocket, string? invocationId, bool expected, string reason)
    {
        var environment = new FakeProcessEnvironment(processId: 4242);
        Set(environment, SystemdConstants.SystemdExecPid, execPid);
        Set(environment, SystemdConstants.NotifySocket, notifySocket);
        Set(environment, SystemdConstants.InvocationId, invocationId);

        var (isService, why) = SystemdEnvironment.Detect(environment);

        Assert.Equal(expected, isService);
        Assert.Contains(reason, why, StringComparison.Ordinal);
    }

    /// <summary>The real thing: after Capture on the process environment, a child (/usr/bin/env) does not see
    /// NOTIFY_SOCKET or WATCHDOG_*, while other variables still reach it.</summary>
    [Fact]
    public void ChildProcessesStartedAfterCaptureDoNotInheritTheVariables()
    {
        using var listener = UnixDatagramListener.BindPath();
        Assert.SkipUnless(File.Exists("/usr/bin/env"), "/usr/bin/env is missing");
        Environment.SetEnvironmentVariable(SystemdConstants.NotifySocket, listener.Address);
        Environment.SetEnvironmentVariable(SystemdConstants.WatchdogUsec, "30000000");
        Environment.SetEnvironmentVariable(SystemdConstants.WatchdogPid, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Environment.SetEnvironmentVariable("NSA_TEST_CONTROL", "still-here");
        try
        {
            Assert.Contains($"{SystemdConstants.NotifySocket}={listener.Address}", RunEnv(), StringComparison.Ordinal);

            var systemd = SystemdEnvironment.Capture(ProcessEnvironment.Instance, Logger.None);
            var childEnvironment = RunEnv();

            Assert.True(systemd.Notifier.IsEnabled);
            Assert.True(systemd.Watchdog.IsEnabled);
            Assert.DoesNotContain("NOTIFY_SOCKET=", childEnvironment, StringComparison.Ordinal);
            Assert.DoesNotContain("WATCHDOG_USEC=", childEnvironment, StringComparison.Ordinal);
            Assert.DoesNotContain("WATCHDOG_PID=", childEnvironment, StringComparison.Ordinal);
            Assert.Contains("NSA_TEST_CONTROL=still-here", childEnvironment, StringComparison.Ordinal);
            Assert.True(systemd.Notifier.TrySend(ServiceState.Ready));
            Assert.Equal("READY=1", listener.ReceiveText());
        }
        finally
        {
            foreach (var name in new[] { SystemdConstants.NotifySocket, SystemdConstants.WatchdogUsec, SystemdConstants.WatchdogPid, "NSA_TEST_CONTROL" })
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    private static string RunEnv()
    {
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/env") { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }

    private static void Set(FakeProcessEnvironment environment, string name, string? value)
    {
        if (value is not null)
        {
            environment.Variables[name] = value;
        }
    }
}
