using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Probing;

namespace NodeStorageAgent.Metrics;

/// <summary>An <see cref="IStoreProber"/> that records how long each probe took in <see cref="AgentCounters"/>.</summary>
public sealed class MeasuredProber(IStoreProber inner, AgentCounters counters) : IStoreProber
{
    public async Task<IReadOnlyList<StoreProbeResult>> ProbeAsync(IReadOnlyList<StoreSpec> stores, CancellationToken cancellationToken)
    {
        var results = await inner.ProbeAsync(stores, cancellationToken).ConfigureAwait(false);
        foreach (var result in results)
        {
            // Zero: a stuck earlier probe was reported again, no new probe ran (StoreProbeResult.Elapsed).
            if (result.Elapsed > TimeSpan.Zero)
            {
                counters.ObserveProbe(result.Elapsed);
            }
        }

        return results;
    }
}
