using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Planning;
using NodeStorageAgent.Probing;
using NodeStorageAgent.Probing.Hysteresis;
using NodeStorageAgent.Probing.Reporting;
using NodeStorageAgent.Rendering;
using Serilog;

namespace NodeStorageAgent.Reconcile;

/// <summary>
/// The one way the agent decides what the node's files should be, used by <c>run</c>, the boot gate,
/// <c>apply --once</c>, <c>plan</c> and <c>render</c> alike, always in this order: read the node's files once (and
/// parse storage.conf once) → load and validate the desired state → probe → choose the safe set (desired ∩ healthy,
/// with hysteresis) → render. It writes nothing: writing is the state machine's decision.
/// </summary>
/// <remarks>
/// An invalid desired-state file is reported and the pass goes on with the last valid desired state, so a store that
/// dies meanwhile still leaves the config (CRI-O must stay startable). A one-shot verb has a fresh tracker, so each
/// store is judged by this probe, as the daemon judges a store it sees for the first time.
/// </remarks>
public sealed class ReconcilePipeline(AgentOptions options, IStoreProber prober, StoreHealthTracker tracker, ILogger log)
{
    private DesiredStateSpec? _lastValidDesired;

    /// <summary>The desired state the last pass used (the last valid one).</summary>
    public DesiredStateSpec? Desired => _lastValidDesired;

    /// <param name="owned">The storage.conf entries that are ours (from the state).</param>
    /// <param name="probe">False when <see cref="ProbeAsync"/> just ran: probing again would count twice towards the
    /// hysteresis. Stores the tracker has not seen yet (a new desired state) are probed regardless.</param>
    public async Task<ReconcileResult> RunAsync(ReconcileTrigger trigger, StorageOwnership owned, bool probe, CancellationToken cancellationToken)
    {
        var diagnostics = new List<Diagnostic>();
        var (node, readErrors, observed) = new NodeConfigReader(options.Root).ReadObserved();
        diagnostics.AddRange(readErrors);

        var loaded = DesiredStateLoader.For(options.Root).Load(options.DesiredStatePath, StorageConfReader.Roots(node));
        diagnostics.AddRange(loaded.Diagnostics);
        if (loaded.IsValid)
        {
            _lastValidDesired = loaded.Spec;
        }

        if (_lastValidDesired is not { } desired)
        {
            return new ReconcileResult(trigger, null, [], [], [], null, [], diagnostics);
        }

        var stores = desired.AllStores.ToList();
        IReadOnlyList<StoreProbeResult> probes = [];
        HealthUpdate health;
        if (probe || stores.Any(s => tracker.DecisionFor(s) is null))
        {
            probes = await prober.ProbeAsync(stores, cancellationToken).ConfigureAwait(false);
            health = tracker.Update(probes);
            LogTransitions(health.Transitions);
        }
        else
        {
            health = new HealthUpdate([.. stores.Select(s => tracker.DecisionFor(s)!)], []);
        }

        if (readErrors.Any(d => d.IsError))
        {
            return new ReconcileResult(trigger, desired, health.Decisions, health.Transitions, probes, null, [], diagnostics);
        }

        var (mode, note) = StorageModeResolver.Resolve(desired.StorageMode, options.Root);
        if (note is not null)
        {
            diagnostics.Add(note);
        }

        var plan = ConfigRenderer.Render(desired, tracker.IsIncluded, node, owned, mode);
        diagnostics.AddRange(plan.Diagnostics);
        return new ReconcileResult(trigger, desired, health.Decisions, health.Transitions, probes, plan, [], diagnostics, observed);
    }

    /// <summary>
    /// Probes the stores of the last valid desired state and feeds the hysteresis; the transitions tell the loop
    /// whether a full pass is needed. Null before any desired state was loaded.
    /// </summary>
    public async Task<HealthUpdate?> ProbeAsync(CancellationToken cancellationToken)
    {
        if (_lastValidDesired is null)
        {
            return null;
        }

        var update = tracker.Update(await prober.ProbeAsync([.. _lastValidDesired.AllStores], cancellationToken).ConfigureAwait(false));
        LogTransitions(update.Transitions);
        return update;
    }

    /// <summary>The desired state as the node's files say now (for the boot gate's wait), without probing.</summary>
    public DesiredStateSpec? ReadDesired()
    {
        var (node, _) = new NodeConfigReader(options.Root).Read();
        return DesiredStateLoader.For(options.Root).Load(options.DesiredStatePath, StorageConfReader.Roots(node)).Spec;
    }

    private void LogTransitions(IReadOnlyList<HealthTransition> transitions)
    {
        foreach (var t in transitions)
        {
            var entry = log.ForContext("StorePath", t.Store.Path)
                .ForContext("StoreKind", t.Store.Kind.ToString().ToLowerInvariant())
                .ForContext("Health", t.Health.ToString().ToLowerInvariant());
            var reason = ProbeReportFormatter.Kebab(t.Reason);
            if (t.To == StoreInclusion.Included)
            {
                entry.Information("{Store} is {State} ({Reason}): in the config", t.Store.ToString(), t.Health.ToString().ToLowerInvariant(), reason);
            }
            else
            {
                entry.Warning("{Store} is {State} ({Reason}): left out of the config", t.Store.ToString(), t.Health.ToString().ToLowerInvariant(), reason);
            }
        }
    }
}
