namespace NodeStorageAgent.Systemd;

/// <summary>
/// The reconcile loop calls <see cref="Beat"/> at each turn; the watchdog asks <see cref="IsFresh"/>. A loop stuck on
/// a hung mount stops beating, the watchdog stops pinging, and systemd restarts us.
/// </summary>
public sealed class LivenessHeartbeat(TimeProvider time)
{
    private long _lastBeatTimestamp = time.GetTimestamp();

    public void Beat() => Interlocked.Exchange(ref _lastBeatTimestamp, time.GetTimestamp());

    public TimeSpan SinceLastBeat => time.GetElapsedTime(Interlocked.Read(ref _lastBeatTimestamp));

    /// <summary>True when the last beat (or construction) is at most <paramref name="maxAge"/> ago.</summary>
    public bool IsFresh(TimeSpan maxAge) => SinceLastBeat <= maxAge;
}
