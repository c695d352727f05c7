using NodeStorageAgent.DesiredState;

namespace NodeStorageAgent.Probing.Hysteresis;

/// <summary>The effective decision for one store after a round, with the latest probe behind it.</summary>
/// <param name="Since">When the store last changed inclusion.</param>
/// <param name="Streak">Consecutive results pointing away from <see cref="Inclusion"/> (0 when they agree).</param>
public sealed record StoreDecision(StoreSpec Store, StoreInclusion Inclusion, StoreProbeResult Latest, DateTimeOffset Since, int Streak)
{
    public bool IsIncluded => Inclusion == StoreInclusion.Included;
}
