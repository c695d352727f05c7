using NodeStorageAgent.StateMachine;

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

    /// <summary>Counts what one state-machine event stands for (called by the effect runner for every event an effect
    /// produced, with the activation under way when it happened).</summary>
    public void Record(AgentEvent e, ActivationKind? during)
    {
        var counted = Count(e, during);
        Interlocked.Add(ref _crioRestarts, counted.Restarts);
        Interlocked.Add(ref _rollbacks, counted.Rollbacks);
        Interlocked.Add(ref _activationFailures, counted.Failures);
        if (counted.RollbackFailed is { } failed)
        {
            Interlocked.Exchange(ref _rollbackFailed, failed ? 1 : 0);
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
    /// Pure: what one event stands for. Every restart CRI-O went through counts, failed or not; a rollback counts when
    /// CRI-O runs the last-known-good again; a restart that failed, an unknown CRI-O state, a failed reboot and a
    /// last-known-good that could not be written back are failed activations. <c>RollbackFailed</c>: whether the last
    /// rollback failed (null: this event says nothing about it).
    /// </summary>
    public static (int Restarts, int Rollbacks, int Failures, bool? RollbackFailed) Count(AgentEvent e, ActivationKind? during) => e switch
    {
        CrioRestarted => (1, during == ActivationKind.Rollback ? 1 : 0, 0, false),
        CrioRestartFailed => (1, 0, 1, during == ActivationKind.Rollback ? true : null),
        KnownGoodNotRestored => (0, 0, 1, true),
        CrioStateUnknown or RebootFailed => (0, 0, 1, null),
        _ => (0, 0, 0, null),
    };
}

/// <summary>The counters at one moment.</summary>
public sealed record CounterSnapshot(long CrioRestarts, long Rollbacks, long ActivationFailures, bool LastRollbackFailed, HistogramSnapshot ProbeDurations);
