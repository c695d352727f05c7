namespace NodeStorageAgent.Systemd;

/// <summary>
/// Keeps systemd's start timeout (<c>TimeoutStartSec=</c>) from firing while a long first reconcile runs: sends
/// <c>EXTEND_TIMEOUT_USEC=extension</c> now and every <c>period</c> until disposed. A start that truly hangs still
/// fails, <c>extension</c> after the last extension.
/// </summary>
/// <example><code>using (StartupTimeoutExtender.Start(notifier, time, TimeSpan.FromSeconds(30))) { await FirstReconcileAsync(); }
/// // then the host's SystemdLifetime sends READY=1</code></example>
public sealed class StartupTimeoutExtender : IDisposable
{
    private readonly ITimer? _timer;

    private StartupTimeoutExtender(ITimer? timer) => _timer = timer;

    /// <param name="period">How often to extend; defaults to a third of <paramref name="extension"/>, so two
    /// messages may be lost before the timeout bites.</param>
    public static StartupTimeoutExtender Start(AgentNotifier notifier, TimeProvider time, TimeSpan extension, TimeSpan? period = null)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(time);
        var state = NotifyMessages.ExtendTimeout(extension);
        var every = period ?? extension / 3;
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(every, extension, nameof(period));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero, nameof(period));
        if (!notifier.IsEnabled)
        {
            return new StartupTimeoutExtender(null);
        }

        notifier.TrySend(state);
        return new StartupTimeoutExtender(time.CreateTimer(_ => notifier.TrySend(state), null, every, every));
    }

    public void Dispose() => _timer?.Dispose();
}
