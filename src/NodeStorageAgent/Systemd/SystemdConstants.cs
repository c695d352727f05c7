namespace NodeStorageAgent.Systemd;

/// <summary>Environment variables and sockets systemd hands to a service.</summary>
public static class SystemdConstants
{
    /// <summary>Address of the notification socket: an absolute path, or <c>@name</c> for an abstract socket.
    /// See <see href="https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html">sd_notify(3)</see> and
    /// <see href="https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#%24NOTIFY_SOCKET">systemd.exec(5)</see>.
    /// Set for <c>Type=notify</c> services.</summary>
    public const string NotifySocket = "NOTIFY_SOCKET";

    /// <summary>Watchdog interval in microseconds (<c>WatchdogSec=</c>).
    /// See <see href="https://www.freedesktop.org/software/systemd/man/latest/sd_watchdog_enabled.html">sd_watchdog_enabled(3)</see>.</summary>
    public const string WatchdogUsec = "WATCHDOG_USEC";

    /// <summary>PID the watchdog applies to; when set and not ours, the watchdog is someone else's.
    /// See <see href="https://www.freedesktop.org/software/systemd/man/latest/sd_watchdog_enabled.html">sd_watchdog_enabled(3)</see>.</summary>
    public const string WatchdogPid = "WATCHDOG_PID";

    /// <summary>PID of the process systemd executed for the unit (systemd ≥ 248).
    /// See <see href="https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#%24SYSTEMD_EXEC_PID">systemd.exec(5)</see>.</summary>
    public const string SystemdExecPid = "SYSTEMD_EXEC_PID";

    /// <summary><c>device:inode</c> of the stream stdout/stderr are connected to when that is the journal (systemd ≥ 231).
    /// See <see href="https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#%24JOURNAL_STREAM">systemd.exec(5)</see>.</summary>
    public const string JournalStream = "JOURNAL_STREAM";

    /// <summary>128-bit id of this unit invocation (systemd ≥ 232).
    /// See <see href="https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#%24INVOCATION_ID">systemd.exec(5)</see>.</summary>
    public const string InvocationId = "INVOCATION_ID";

    /// <summary>journald's native-protocol datagram socket.
    /// See <see href="https://systemd.io/JOURNAL_NATIVE_PROTOCOL/">the native journal protocol</see>.</summary>
    public const string JournalSocketPath = "/run/systemd/journal/socket";
}
