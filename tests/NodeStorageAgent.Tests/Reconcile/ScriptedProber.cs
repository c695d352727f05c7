using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Probing;

namespace NodeStorageAgent.Tests.Reconcile;

/// <summary>A prober whose verdicts the test sets per store path (healthy unless told otherwise); counts its rounds.</summary>
internal sealed class ScriptedProber : IStoreProber
{
    public Dictionary<string, StoreHealth> Health { get; } = [];

    public int Rounds { get; private set; }

    public Task<IReadOnlyList<StoreProbeResult>> ProbeAsync(IReadOnlyList<StoreSpec> stores, CancellationToken cancellationToken)
    {
        Rounds++;
        IReadOnlyList<StoreProbeResult> results = [.. stores.Select(s =>
        {
            var health = Health.GetValueOrDefault(s.Path, StoreHealth.Healthy);
            return new StoreProbeResult(s, health, health == StoreHealth.Healthy ? ProbeReason.Ok : ProbeReason.DeadMount,
                health == StoreHealth.Healthy ? null : "ENOTCONN", TimeSpan.Zero, "scripted", s.Path);
        })];
        return Task.FromResult(results);
    }
}
