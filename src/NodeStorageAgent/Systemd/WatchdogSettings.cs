using System.Globalization;

namespace NodeStorageAgent.Systemd;

/// <summary>
/// The watchdog systemd asked for (<c>WatchdogSec=</c>), or why there is none. Read the way sd_watchdog_enabled(3)
/// does: <c>WATCHDOG_USEC</c> must be a positive integer, and <c>WATCHDOG_PID</c>, when set, must be our pid.
/// </summary>
/// <param name="Interval">The watchdog timeout; null when the watchdog is off.</param>
/// <param name="Reason">Why it is on or off, for the start-up log and <c>status</c>.</param>
public sealed record WatchdogSettings(TimeSpan? Interval, string Reason)
{
    public bool IsEnabled => Interval is not null;

    /// <summary>Half the interval, as sd_watchdog_enabled(3) recommends.</summary>
    public TimeSpan PingPeriod => Interval is { } interval ? interval / 2 : Timeout.InfiniteTimeSpan;

    public static WatchdogSettings Disabled(string reason) => new(null, reason);

    public static WatchdogSettings Read(IProcessEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var usecText = environment.Get(SystemdConstants.WatchdogUsec);
        if (string.IsNullOrEmpty(usecText))
        {
            return Disabled("WATCHDOG_USEC is not set");
        }

        if (!ulong.TryParse(usecText, NumberStyles.None, CultureInfo.InvariantCulture, out var usec) || usec == 0
            || usec > (ulong)(TimeSpan.MaxValue.Ticks / 10))
        {
            return Disabled($"WATCHDOG_USEC={usecText} is not a positive number of microseconds");
        }

        var pidText = environment.Get(SystemdConstants.WatchdogPid);
        if (!string.IsNullOrEmpty(pidText))
        {
            if (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                return Disabled($"WATCHDOG_PID={pidText} is not a pid");
            }

            if (pid != environment.ProcessId)
            {
                return Disabled($"WATCHDOG_PID={pid} is not our pid {environment.ProcessId}");
            }
        }

        var interval = TimeSpan.FromTicks((long)usec * 10);
        return new(interval, $"WATCHDOG_USEC={usecText}: ping every {(interval / 2).TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
    }
}
