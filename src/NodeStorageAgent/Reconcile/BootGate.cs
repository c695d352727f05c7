using NodeStorageAgent.Apply;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Planning;
using NodeStorageAgent.Probing;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.Systemd;
using Serilog;

namespace NodeStorageAgent.Reconcile;

/// <summary>
/// What happens once, before the first reconcile: the node's own files become the last-known-good (before we change
/// anything), and — at boot, while CRI-O is not running yet — a bounded wait for the desired stores to come up (e.g.
/// stargz-store mounting), so CRI-O starts with them rather than without.
/// </summary>
public sealed class BootGate(
    AgentOptions options, Reconciler reconciler, IStoreProber prober, ConfigApplier applier, LivenessHeartbeat heartbeat, TimeProvider time, ILogger log)
{
    private static readonly TimeSpan s_retry = TimeSpan.FromMilliseconds(500);

    public void RecordOriginalsAsLastKnownGood()
    {
        var state = reconciler.State;
        if (state.LastKnownGood is not null)
        {
            return;
        }

        var snapshot = applier.Snapshot(Reconciler.ManagedNodePaths);
        if (!snapshot.Succeeded)
        {
            log.Warning("Cannot record the current files as last-known-good: {Problem}", snapshot.Diagnostics[0].ToString());
            return;
        }

        var digest = RenderedFileDigest.Compute(snapshot.Files);
        var problems = new List<Diagnostic>();
        reconciler.Commit(state with
        {
            LastKnownGood = new KnownGoodConfig(state.Generation, digest, snapshot.Files),
            LastKnownGoodOwnership = state.OwnedStorageEntries,
            AppliedDigest = state.AppliedDigest ?? digest,
        }, problems);
        foreach (var problem in problems)
        {
            log.Error("Cannot save the agent state: {Problem}", problem.ToString());
        }
    }

    public async Task WaitForStoresAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.BootStoreWait;
        var roots = StorageConfReader.Roots(new NodeConfigReader(options.Root).Read().Snapshot);
        var desired = DesiredStateLoader.For(options.Root).Load(options.DesiredStatePath, roots).Spec;
        if (desired is null || desired.IsEmpty)
        {
            return;
        }

        var stores = desired.AllStores.ToList();
        while (true)
        {
            var results = await prober.ProbeAsync(stores, cancellationToken).ConfigureAwait(false);
            var waiting = results.Where(r => !r.IsSafe).ToList();
            if (waiting.Count == 0 || time.GetUtcNow() >= deadline)
            {
                foreach (var r in waiting)
                {
                    log.ForContext("StorePath", r.Store.Path).ForContext("StoreKind", r.Store.Kind.ToString().ToLowerInvariant())
                        .Warning("{Store} did not come up within {Seconds}s of boot; CRI-O starts without it", r.Store.ToString(), options.BootStoreWait.TotalSeconds);
                }

                return;
            }

            heartbeat.Beat();
            await Task.Delay(s_retry, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
