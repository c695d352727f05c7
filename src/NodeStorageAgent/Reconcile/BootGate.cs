using NodeStorageAgent.Probing;
using NodeStorageAgent.Systemd;
using Serilog;

namespace NodeStorageAgent.Reconcile;

/// <summary>
/// At boot, while CRI-O is not running yet: a bounded wait for the desired stores to come up (e.g. stargz-store
/// mounting), so CRI-O starts with them rather than without. The bound holds whatever a probe does: a probe still
/// running at the deadline is abandoned (its store then counts as not up).
/// </summary>
public sealed class BootGate(AgentOptions options, ReconcilePipeline pipeline, IStoreProber prober, LivenessHeartbeat heartbeat, TimeProvider time, ILogger log)
{
    private static readonly TimeSpan s_retry = TimeSpan.FromMilliseconds(500);

    public async Task WaitForStoresAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var desired = pipeline.ReadDesired();
        if (desired is null || desired.IsEmpty)
        {
            return;
        }

        var stores = desired.AllStores.ToList();
        List<DesiredState.StoreSpec> waiting = stores;
        while (true)
        {
            var left = options.BootStoreWait - time.GetElapsedTime(started);
            if (left > TimeSpan.Zero)
            {
                try
                {
                    var results = await prober.ProbeAsync(stores, cancellationToken).WaitAsync(left, time, cancellationToken).ConfigureAwait(false);
                    waiting = [.. results.Where(r => !r.IsSafe).Select(r => r.Store)];
                }
                catch (TimeoutException)
                {
                    // A probe outlived the whole wait: its store is not up, and the boot goes on without it.
                }
            }

            if (waiting.Count == 0 || time.GetElapsedTime(started) >= options.BootStoreWait)
            {
                foreach (var store in waiting)
                {
                    log.ForContext("StorePath", store.Path).ForContext("StoreKind", store.Kind.ToString().ToLowerInvariant())
                        .Warning("{Store} did not come up within {Seconds}s of boot; CRI-O starts without it", store.ToString(), options.BootStoreWait.TotalSeconds);
                }

                return;
            }

            heartbeat.Beat();
            await Task.Delay(s_retry, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
