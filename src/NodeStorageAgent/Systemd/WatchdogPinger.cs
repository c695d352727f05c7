using Serilog;

namespace NodeStorageAgent.Systemd;

/// <summary>
/// Sends <c>WATCHDOG=1</c> every <see cref="WatchdogSettings.PingPeriod"/> (half of <c>WatchdogSec=</c>), but only
/// while <c>isAlive</c> says the reconcile loop makes progress. A wedged loop (e.g. stuck in <c>stat</c> on a hung FUSE
/// mount, docs/node-findings.md §1.2) therefore lets the watchdog expire and systemd restarts the agent.
/// </summary>
/// <remarks>Start it after <c>READY=1</c>: systemd arms the watchdog when start-up completes (systemd.service(5)).
/// The liveness callback runs on a timer thread; it must be cheap and must not block.</remarks>
public sealed class WatchdogPinger : IDisposable
{
    private readonly AgentNotifier _notifier;
    private readonly WatchdogSettings _settings;
    private readonly Func<bool> _isAlive;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private bool _withholding;
    private long _pings;

    public WatchdogPinger(AgentNotifier notifier, WatchdogSettings settings, Func<bool> isAlive, TimeProvider time, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(isAlive);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(log);
        (_notifier, _settings, _isAlive, _time, _log) = (notifier, settings, isAlive, time, log);
    }

    /// <summary>Pings delivered so far.</summary>
    public long Pings => Interlocked.Read(ref _pings);

    /// <summary>Sends the first ping now and starts the timer. Returns false (and does nothing) when the watchdog or
    /// the notifier is disabled.</summary>
    public bool Start()
    {
        if (!_settings.IsEnabled || !_notifier.IsEnabled)
        {
            return false;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_timer is not null, this);
            Tick();
            _timer = _time.CreateTimer(static state => ((WatchdogPinger)state!).Tick(), this, _settings.PingPeriod, _settings.PingPeriod);
        }

        return true;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
        }
    }

    private void Tick()
    {
        // Ticks never overlap (a slow send must not let two ticks race on _withholding); Lock is re-entrant for Start.
        lock (_gate)
        {
            TickCore();
        }
    }

    private void TickCore()
    {
        if (!_isAlive())
        {
            if (!_withholding)
            {
                _withholding = true;
                _log.Warning("reconcile loop is not alive; withholding WATCHDOG=1 so systemd restarts the agent after {WatchdogInterval}",
                    _settings.Interval);
            }

            return;
        }

        if (_withholding)
        {
            _withholding = false;
            _log.Information("reconcile loop is alive again; resuming watchdog pings");
        }

        if (_notifier.TrySend(NotifyMessages.Watchdog))
        {
            Interlocked.Increment(ref _pings);
        }
    }
}
