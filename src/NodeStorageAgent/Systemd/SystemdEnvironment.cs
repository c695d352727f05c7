using System.Globalization;
using Microsoft.Extensions.Hosting.Systemd;
using Serilog;

namespace NodeStorageAgent.Systemd;

/// <summary>
/// What systemd told this process through its environment, captured once at start-up.
/// </summary>
/// <param name="Notifier">Sends sd_notify messages through the package's notifier (disabled when <c>NOTIFY_SOCKET</c>
/// was absent).</param>
/// <param name="Watchdog">The watchdog systemd expects pings for, or why there is none.</param>
/// <param name="IsSystemdService">Whether we run as a systemd service.</param>
/// <param name="Detection">Why <paramref name="IsSystemdService"/> has its value (logged, and shown by <c>status</c>).</param>
public sealed record SystemdEnvironment(
    AgentNotifier Notifier,
    WatchdogSettings Watchdog,
    bool IsSystemdService,
    string Detection)
{
    /// <summary>Variables meant for this process only. A child that inherits them could send READY/WATCHDOG on our
    /// behalf (systemctl, podman with <c>--sdnotify</c>, a FUSE helper), so they are removed once read. The package
    /// does not do this: its <c>SystemdNotifier</c> reads <c>NOTIFY_SOCKET</c> in its constructor and leaves it set
    /// (dotnet/runtime, src/libraries/Microsoft.Extensions.Hosting.Systemd/src/SystemdNotifier.cs, 10.0.15).</summary>
    public static IReadOnlyList<string> ScrubbedVariables { get; } =
        [SystemdConstants.NotifySocket, SystemdConstants.WatchdogUsec, SystemdConstants.WatchdogPid];

    /// <summary>
    /// Builds the notifier and reads the watchdog settings from <paramref name="environment"/>, then removes
    /// <see cref="ScrubbedVariables"/> from it so child processes started later do not inherit them. Call once, early
    /// in <c>Main</c>, before anything spawns a process.
    /// </summary>
    /// <param name="packageNotifier">Builds the package's notifier; it must read <c>NOTIFY_SOCKET</c> from
    /// <paramref name="environment"/> (the default, the package's <see cref="SystemdNotifier"/>, reads the process
    /// environment, so pass one with <see cref="ProcessEnvironment.Instance"/> only).</param>
    public static SystemdEnvironment Capture(IProcessEnvironment environment, ILogger log, Func<ISystemdNotifier>? packageNotifier = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(log);

        var notifier = new AgentNotifier((packageNotifier ?? (static () => new SystemdNotifier()))(), log);
        var watchdog = WatchdogSettings.Read(environment);
        var (isService, detection) = Detect(environment);
        foreach (var name in ScrubbedVariables)
        {
            environment.Remove(name);
        }

        log.Information(
            "systemd: service={IsSystemdService} ({Detection}); notify={NotifyEnabled}; watchdog: {Watchdog}",
            isService, detection, notifier.IsEnabled, watchdog.Reason);
        return new SystemdEnvironment(notifier, watchdog, isService, detection);
    }

    /// <summary>The checks of dotnet's <c>SystemdHelpers</c> after PR #125520 (dotnet/runtime), without its
    /// <c>/proc</c> parent lookup, each answer with its reason. The 10.0.15 package we ship predates that PR: its
    /// <c>SystemdHelpers.IsSystemdService()</c> only asks whether our parent's <c>/proc/PPID/comm</c> is "systemd" (or
    /// we are pid 1 with <c>NOTIFY_SOCKET</c>/<c>LISTEN_PID</c>), so a service started through a wrapper, or by a test
    /// standing in for systemd, is not one to it; <see cref="Hosting.AgentHost"/> then adds the package's lifetime
    /// itself when this says we are a service.</summary>
    internal static (bool IsService, string Reason) Detect(IProcessEnvironment environment)
    {
        var execPid = environment.Get(SystemdConstants.SystemdExecPid);
        if (!string.IsNullOrEmpty(execPid))
        {
            if (int.TryParse(execPid, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid == environment.ProcessId)
            {
                return (true, "SYSTEMD_EXEC_PID is our pid");
            }

            // A value inherited from a parent service: distrust it, fall through.
        }

        if (!string.IsNullOrEmpty(environment.Get(SystemdConstants.NotifySocket)))
        {
            return (true, "NOTIFY_SOCKET is set");
        }

        if (!string.IsNullOrEmpty(environment.Get(SystemdConstants.InvocationId)) && string.IsNullOrEmpty(execPid))
        {
            return (true, "INVOCATION_ID is set (systemd < 248)");
        }

        return string.IsNullOrEmpty(execPid)
            ? (false, "no NOTIFY_SOCKET, SYSTEMD_EXEC_PID or INVOCATION_ID")
            : (false, $"SYSTEMD_EXEC_PID={execPid} is not our pid {environment.ProcessId} (inherited from a service)");
    }
}
