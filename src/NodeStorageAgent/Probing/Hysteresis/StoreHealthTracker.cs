using NodeStorageAgent.DesiredState;

namespace NodeStorageAgent.Probing.Hysteresis;

/// <summary>
/// Damps flapping: an included store is dropped after <see cref="HysteresisPolicy.FailuresToDrop"/> consecutive
/// unsafe probes and re-added after <see cref="HysteresisPolicy.SuccessesToReadd"/> consecutive safe ones. A store
/// seen for the first time is decided at once (a newly desired healthy store is used immediately).
/// </summary>
/// <remarks>Call <see cref="Update"/> with the results for the whole desired set each round: stores not in it are
/// forgotten. Not thread-safe; one owner drives it.</remarks>
public sealed class StoreHealthTracker
{
    private readonly HysteresisPolicy _policy;
    private readonly TimeProvider _time;
    private Dictionary<StoreSpec, StoreDecision> _decisions = [];

    public StoreHealthTracker(HysteresisPolicy policy, TimeProvider? time = null)
    {
        policy.Validate();
        _policy = policy;
        _time = time ?? TimeProvider.System;
    }

    public bool IsIncluded(StoreSpec store) => _decisions.TryGetValue(store, out var d) && d.IsIncluded;

    public StoreDecision? DecisionFor(StoreSpec store) => _decisions.GetValueOrDefault(store);

    public HealthUpdate Update(IReadOnlyList<StoreProbeResult> results)
    {
        var now = _time.GetUtcNow();
        var next = new Dictionary<StoreSpec, StoreDecision>();
        var decisions = new List<StoreDecision>(results.Count);
        var transitions = new List<HealthTransition>();
        foreach (var result in results)
        {
            var previous = _decisions.GetValueOrDefault(result.Store);
            var decision = Decide(previous, result, now);
            if (previous?.Inclusion != decision.Inclusion)
            {
                transitions.Add(new HealthTransition(result.Store, previous?.Inclusion, decision.Inclusion, result.Health, result.Reason, now));
            }

            next[result.Store] = decision;
            decisions.Add(decision);
        }

        _decisions = next;
        return new HealthUpdate(decisions, transitions);
    }

    private StoreDecision Decide(StoreDecision? previous, StoreProbeResult result, DateTimeOffset now)
    {
        var wanted = result.IsSafe ? StoreInclusion.Included : StoreInclusion.Excluded;
        if (previous is null)
        {
            return new StoreDecision(result.Store, wanted, result, now, 0);
        }

        if (wanted == previous.Inclusion)
        {
            return previous with { Latest = result, Streak = 0 };
        }

        var streak = previous.Streak + 1;
        var needed = wanted == StoreInclusion.Excluded ? _policy.FailuresToDrop : _policy.SuccessesToReadd;
        return streak >= needed
            ? new StoreDecision(result.Store, wanted, result, now, 0)
            : previous with { Latest = result, Streak = streak };
    }
}
