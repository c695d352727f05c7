namespace NodeStorageAgent.StateMachine;

/// <summary>The time an event happened at, as the machine needs it: the monotonic clock for intervals, the wall
/// clock for what people read, and the boot both belong to.</summary>
public sealed record MachineClock(DateTimeOffset Utc, long Milliseconds, string? BootId)
{
    public static MachineClock From(TimeProvider time, string? bootId) =>
        new(time.GetUtcNow(), (long)(time.GetTimestamp() / (double)time.TimestampFrequency * 1000), bootId);

    public MonotonicStamp Stamp() => new(BootId, Milliseconds, Utc);
}
