using NodeStorageAgent.DesiredState;

namespace NodeStorageAgent.Probing.Hysteresis;

/// <summary>Outcome of one round: every store's decision (input order) and the transitions of this round only.</summary>
public sealed record HealthUpdate(IReadOnlyList<StoreDecision> Decisions, IReadOnlyList<HealthTransition> Transitions)
{
    public IEnumerable<StoreSpec> Included => Decisions.Where(d => d.IsIncluded).Select(d => d.Store);

    public bool Changed => Transitions.Count > 0;
}
