using NodeStorageAgent.DesiredState;

namespace NodeStorageAgent.Probing;

public interface IStoreProber
{
    /// <summary>Probes every store in parallel; one result per store, in input order. Never throws for a store
    /// problem (those are results); never blocks longer than about <see cref="ProbeOptions.Timeout"/>.</summary>
    Task<IReadOnlyList<StoreProbeResult>> ProbeAsync(IReadOnlyList<StoreSpec> stores, CancellationToken cancellationToken);
}
