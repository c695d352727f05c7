namespace NodeStorageAgent.Activation;

/// <summary>At most one CRI-O restart per <see cref="MinInterval"/> (a CRI-O restart also restarts kubelet:
/// upstream-facts §6). Pure: the last restart time comes from the agent state, now from the injected clock.</summary>
public sealed class RestartRateLimiter(TimeProvider time, TimeSpan? minInterval = null)
{
    public static readonly TimeSpan DefaultMinInterval = TimeSpan.FromMinutes(5);

    public TimeSpan MinInterval { get; } = minInterval ?? DefaultMinInterval;

    /// <summary>When the next restart is allowed (<see cref="DateTimeOffset.MinValue"/>: now).</summary>
    /// <remarks>A last restart more than one interval in the future can only come from a clock that was wrong then
    /// (or is wrong now); it is ignored rather than blocking restarts until that far-away time.</remarks>
    public DateTimeOffset NextAllowedAt(DateTimeOffset? lastRestartUtc)
    {
        if (lastRestartUtc is not { } last || last - time.GetUtcNow() > MinInterval)
        {
            return DateTimeOffset.MinValue;
        }

        return last + MinInterval;
    }

    public bool CanRestartNow(DateTimeOffset? lastRestartUtc) => time.GetUtcNow() >= NextAllowedAt(lastRestartUtc);
}
