namespace NodeStorageAgent.Probing.Classification;

public sealed record Verdict(StoreHealth Health, ProbeReason Reason, string? Errno, string Hint)
{
    public static Verdict Healthy(string hint) => new(StoreHealth.Healthy, ProbeReason.Ok, null, hint);

    public static Verdict Degraded(ProbeReason reason, string hint) => new(StoreHealth.Degraded, reason, null, hint);

    public static Verdict Unhealthy(ProbeReason reason, string? errno, string hint) => new(StoreHealth.Unhealthy, reason, errno, hint);
}
