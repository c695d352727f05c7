using NodeStorageAgent.DesiredState;

namespace NodeStorageAgent.Probing.Hysteresis;

/// <summary>A store changed its place in the config (reported once, when it happens).</summary>
/// <param name="From">Null for a store seen for the first time.</param>
/// <param name="Reason">The probe reason that caused it (the last result).</param>
public sealed record HealthTransition(
    StoreSpec Store,
    StoreInclusion? From,
    StoreInclusion To,
    StoreHealth Health,
    ProbeReason Reason,
    DateTimeOffset At);
