using NodeStorageAgent.Systemd;

namespace NodeStorageAgent.Tests.Systemd;

public class WatchdogSettingsTests
{
    [Theory]
    [InlineData("60000000", null, 60_000)]
    [InlineData("60000000", "4242", 60_000)]
    [InlineData("1500", "", 1.5)]
    public void EnabledWhenUsecIsPositiveAndPidIsOursOrAbsent(string usec, string? pid, double expectedMilliseconds)
    {
        var settings = WatchdogSettings.Read(Environment(usec, pid));

        Assert.True(settings.IsEnabled);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), settings.Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds / 2), settings.PingPeriod);
    }

    [Theory]
    [InlineData(null, null, "WATCHDOG_USEC is not set")]
    [InlineData("", null, "WATCHDOG_USEC is not set")]
    [InlineData("0", null, "WATCHDOG_USEC=0 is not a positive number")]
    [InlineData("-5", null, "WATCHDOG_USEC=-5 is not a positive number")]
    [InlineData("60s", null, "WATCHDOG_USEC=60s is not a positive number")]
    [InlineData("99999999999999999999", null, "is not a positive number")]
    [InlineData("60000000", "1", "WATCHDOG_PID=1 is not our pid 4242")]
    [InlineData("60000000", "abc", "WATCHDOG_PID=abc is not a pid")]
    public void DisabledWithAReason(string? usec, string? pid, string reason)
    {
        var settings = WatchdogSettings.Read(Environment(usec, pid));

        Assert.False(settings.IsEnabled);
        Assert.Null(settings.Interval);
        Assert.Contains(reason, settings.Reason, StringComparison.Ordinal);
    }

    private static FakeProcessEnvironment Environment(string? usec, string? pid)
    {
        var environment = new FakeProcessEnvironment(processId: 4242);
        if (usec is not null)
        {
            environment.Variables[SystemdConstants.WatchdogUsec] = usec;
        }

        if (pid is not null)
        {
            environment.Variables[SystemdConstants.WatchdogPid] = pid;
        }

        return environment;
    }
}
