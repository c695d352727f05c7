using NodeStorageAgent.Activation;

namespace NodeStorageAgent.Metrics;

/// <summary>
/// What happened since the process started, for the metrics: CRI-O restarts, rollbacks, failed activations, probe
/// durations. In memory only: Prometheus counters may reset when the process restarts (<c>rate()</c> and
/// <c>increase()</c> handle resets), and <c>node_storage_agent_start_time_seconds</c> says when they did.
/// </summary>
public sealed class AgentCounters
{
    private readonly DurationHistogram _probeDurations = new(DurationHistogram.ProbeBuckets);
    private long _crioRestarts;
    private long _rollbacks;
    private long _activationFailures;
    private int _rollbackFailed;

    /// <summary>Counts one activation by its outcome (called once per <see cref="CrioActivator.ActivateAsync"/>).</summary>
    public void RecordActivation(ActivationStatus status)
    {
        var counted = Count(status);
        Interlocked.Add(ref _crioRestarts, counted.Restarts);
        Interlocked.Add(ref _rollbacks, counted.Rollbacks);
        Interlocked.Add(ref _activationFailures, counted.Failures);
        if (status is ActivationStatus.RollbackFailed or ActivationStatus.Restarted or ActivationStatus.RolledBack)
        {
            Interlocked.Exchange(ref _rollbackFailed, status == ActivationStatus.RollbackFailed ? 1 : 0);
        }
    }

    /// <summary>Observes one store probe (a reported stuck probe, with no duration of its own, is not observed).</summary>
    public void ObserveProbe(TimeSpan elapsed) => _probeDurations.Observe(elapsed);

    public CounterSnapshot Snapshot() => new(
        Interlocked.Read(ref _crioRestarts),
        Interlocked.Read(ref _rollbacks),
        Interlocked.Read(ref _activationFailures),
        Volatile.Read(ref _rollbackFailed) == 1,
        _probeDurations.Snapshot());

    /// <summary>
    /// How many CRI-O restarts, rollbacks and failures one outcome stands for: a rollback restarted CRI-O twice (with
    /// the new config, then with the last-known-good) and is a failed activation; a failed rollback restarted it at
    /// least once. Files-only, pending and reboot outcomes restart nothing.
    /// </summary>
    public static (int Restarts, int Rollbacks, int Failures) Count(ActivationStatus status) => status switch
    {
        ActivationStatus.Restarted => (1, 0, 0),
        ActivationStatus.RolledBack => (2, 1, 1),
        ActivationStatus.RollbackFailed => (1, 0, 1),
        ActivationStatus.StatusUnknown or ActivationStatus.RebootFailed or ActivationStatus.RebootSuppressed => (0, 0, 1),
        _ => (0, 0, 0),
    };
}

/// <summary>The counters at one moment.</summary>
public sealed record CounterSnapshot(long CrioRestarts, long Rollbacks, long ActivationFailures, bool LastRollbackFailed, HistogramSnapshot ProbeDurations);
