namespace NodeStorageAgent.StateMachine;

/// <summary>
/// A moment on the kernel's monotonic clock (<c>CLOCK_MONOTONIC</c>, what <see cref="TimeProvider.GetTimestamp"/>
/// reads), which never jumps when the wall clock is set, tagged with the boot it belongs to (the clock restarts at
/// every boot). <paramref name="Utc"/> is for display only.
/// </summary>
public sealed record MonotonicStamp(string? BootId, long Milliseconds, DateTimeOffset Utc)
{
    /// <summary>How long ago this was, or null when it was in another boot (or the boot is unknown): then it was
    /// longer ago than any interval the agent waits for.</summary>
    public TimeSpan? Age(MachineClock now) =>
        BootId is not null && BootId == now.BootId ? TimeSpan.FromMilliseconds(Math.Max(0, now.Milliseconds - Milliseconds)) : null;
}
