using NodeStorageAgent.Apply;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Hosting;
using NodeStorageAgent.Planning;
using NodeStorageAgent.Probing;
using NodeStorageAgent.Probing.Hysteresis;
using NodeStorageAgent.Probing.Reporting;
using NodeStorageAgent.Rendering;
using Serilog;

namespace NodeStorageAgent.Reconcile;

/// <summary>
/// One level-triggered pass: load + validate the desired state → probe every desired store → decide the safe set
/// (desired ∩ healthy, with hysteresis) → render → write the files whose bytes differ, crash-safely. Activation
/// (restarting CRI-O) is the loop's decision; this class only makes the files right and keeps the state.
/// </summary>
/// <remarks>
/// An invalid desired-state file is reported and the config stays as last applied: the pass goes on with the last
/// valid desired state, so a store that dies meanwhile still leaves the config (CRI-O must stay startable).
/// </remarks>
public sealed class Reconciler(
    AgentOptions options,
    IStoreProber prober,
    StoreHealthTracker tracker,
    ConfigApplier applier,
    AgentStateStore stateStore,
    ILogger log)
{
    public static readonly IReadOnlyList<string> ManagedNodePaths = [NodePaths.StorageConf, NodePaths.CrioDropIn];

    private DesiredStateSpec? _lastValidDesired;

    /// <summary>The bytes of every managed file as rendered for <see cref="AgentState.AppliedDigest"/> (null before
    /// this process rendered anything): what CRI-O runs after a restart even when re-reading the files fails.</summary>
    public IReadOnlyList<NodeFileSnapshot>? AppliedFiles { get; private set; }

    /// <summary>The agent's persisted state as of the last pass (loaded at construction time by the caller).</summary>
    public AgentState State { get; private set; } = new();

    public void Initialize(AgentState state) => State = state;

    /// <summary>The desired state the last pass used (the last valid one).</summary>
    public DesiredStateSpec? Desired => _lastValidDesired;

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

        var update = tracker.Update(await prober.ProbeAsync(_lastValidDesired.AllStores.ToList(), cancellationToken).ConfigureAwait(false));
        LogTransitions(update.Transitions);
        return update;
    }

    /// <param name="probe">False when <see cref="ProbeAsync"/> just ran: probing again would count twice towards the
    /// hysteresis. Stores the tracker has not seen yet (a new desired state) are probed regardless.</param>
    public async Task<ReconcileResult> ReconcileAsync(ReconcileTrigger trigger, CancellationToken cancellationToken, bool probe = true)
    {
        var diagnostics = new List<Diagnostic>();
        var (node, readErrors) = new NodeConfigReader(options.Root).Read();
        diagnostics.AddRange(readErrors);

        var loaded = DesiredStateLoader.For(options.Root).Load(options.DesiredStatePath, StorageConfReader.Roots(node));
        diagnostics.AddRange(loaded.Diagnostics);
        if (loaded.IsValid)
        {
            _lastValidDesired = loaded.Spec;
        }

        var desired = _lastValidDesired;
        if (desired is null)
        {
            return new ReconcileResult(trigger, null, [], [], [], diagnostics);
        }

        var stores = desired.AllStores.ToList();
        HealthUpdate health;
        if (probe || stores.Any(s => tracker.DecisionFor(s) is null))
        {
            health = tracker.Update(await prober.ProbeAsync(stores, cancellationToken).ConfigureAwait(false));
            LogTransitions(health.Transitions);
        }
        else
        {
            health = new HealthUpdate(stores.Select(s => tracker.DecisionFor(s)!).ToList(), []);
        }

        if (readErrors.Any(d => d.IsError))
        {
            return new ReconcileResult(trigger, desired, health.Decisions, health.Transitions, [], diagnostics);
        }

        var (mode, note) = StorageModeResolver.Resolve(desired.StorageMode, options.Root);
        if (note is not null)
        {
            diagnostics.Add(note);
        }

        var plan = ConfigRenderer.Render(desired, tracker.IsIncluded, node, State.OwnedStorageEntries, mode);
        diagnostics.AddRange(plan.Diagnostics);
        if (!plan.Succeeded)
        {
            return new ReconcileResult(trigger, desired, health.Decisions, health.Transitions, [], diagnostics);
        }

        var written = Apply(plan, diagnostics);
        return new ReconcileResult(trigger, desired, health.Decisions, health.Transitions, written, diagnostics);
    }

    /// <summary>Makes <paramref name="state"/> current and durable; false (with the reason in
    /// <paramref name="diagnostics"/>) when it could not be saved.</summary>
    public bool Commit(AgentState state, List<Diagnostic> diagnostics)
    {
        State = state;
        if (stateStore.Save(state) is { Failed: true, Diagnostic: { } failure })
        {
            diagnostics.Add(failure);
            return false;
        }

        return true;
    }

    private IReadOnlyList<string> Apply(RenderPlan plan, List<Diagnostic> diagnostics)
    {
        var files = plan.Files.Select(f => new RenderedFile(f.NodePath, f.Desired, f.Staged)).ToList();
        var digest = RenderedFileDigest.Compute(files);
        var snapshots = files.Select(f => new NodeFileSnapshot(f.NodePath, f.Content)).ToList();
        if (digest == State.FailedDigest)
        {
            // This exact config already failed to start CRI-O and was rolled back: not retried until the desired
            // state or store health changes the rendering.
            diagnostics.Add(Diagnostic.Warning(ReconcileCodes.FailedGenerationHeld,
                $"not applying {Short(digest)}: CRI-O did not start with it before; waiting for the desired state or store health to change"));
            return [];
        }

        if (!plan.HasChanges)
        {
            if (State.AppliedDigest != digest)
            {
                Commit(State with { AppliedDigest = digest, OwnedStorageEntries = plan.Ownership }, diagnostics);
            }

            AppliedFiles = snapshots;

            return [];
        }

        // Write-ahead: before the files change, the state claims every entry either version owns. A crash between
        // the file write and the state save below would otherwise leave entries we wrote that the state does not
        // list: the next render would take them for an admin's and keep them forever (found by the kill -9 test).
        var before = State.OwnedStorageEntries;
        var claimed = before.Union(plan.Ownership);
        if (!claimed.Equals(before) && !Commit(State with { OwnedStorageEntries = claimed }, diagnostics))
        {
            log.Error("Not applying: the agent state cannot be saved, so the write could not be recorded safely");
            return [];
        }

        var outcome = applier.Apply(plan.ChangedFiles.Select(f => new RenderedFile(f.NodePath, f.Desired, f.Staged)).ToList());
        diagnostics.AddRange(outcome.Diagnostics);
        if (!outcome.Succeeded)
        {
            log.Error("Applying the configuration failed; the previous files stay: {Problem}", outcome.Diagnostics.Count > 0 ? outcome.Diagnostics[0].ToString() : "unknown");
            if (!claimed.Equals(before))
            {
                Commit(State with { OwnedStorageEntries = before }, diagnostics);
            }

            return [];
        }

        AppliedFiles = snapshots;
        var generation = State.Generation + 1;
        Commit(State with { Generation = generation, AppliedDigest = digest, OwnedStorageEntries = plan.Ownership }, diagnostics);
        log.ForContext("Generation", generation)
            .Information("Applied generation {Generation} ({Digest}): wrote {Files}", generation, Short(digest), string.Join(", ", outcome.Changed));
        return outcome.Changed;
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

    internal static string Short(string? digest) => digest is null ? "none" : digest.Length > 19 ? digest[..19] : digest;
}
