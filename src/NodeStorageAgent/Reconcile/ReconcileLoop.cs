using NodeStorageAgent.Activation;
using NodeStorageAgent.Apply;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Metrics;
using NodeStorageAgent.Probing;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.Systemd;
using Serilog;

namespace NodeStorageAgent.Reconcile;

/// <summary>
/// The daemon's loop. Reconciles on start, on a desired-state change, on a store-health transition and on a periodic
/// resync; between passes it probes the stores every <see cref="AgentOptions.ProbeInterval"/> and brings a written
/// config into effect when <see cref="ActivationPlanner"/> says so. One thread of control: passes never overlap.
/// </summary>
public sealed class ReconcileLoop(
    AgentOptions options,
    Reconciler reconciler,
    IStoreProber prober,
    ConfigApplier applier,
    CrioActivator activator,
    SystemctlClient systemctl,
    StatusReporter status,
    LivenessHeartbeat heartbeat,
    TimeProvider time,
    ILogger log,
    AgentCounters? counters = null)
{
    private readonly ReconcileRequests _requests = new();
    private readonly BootGate _boot = new(options, reconciler, prober, applier, heartbeat, time, log);

    private ReconcileResult? _last;
    private DateTimeOffset? _lastReconcileUtc;
    private DateTimeOffset? _lastChangeUtc;
    private string? _writtenWhileCrioDown;
    private ActivationPlan? _activation;
    private string? _activationProblem;

    public AgentStatus? Status => status.Current;

    public ReconcileResult? LastResult => _last;

    /// <summary>Why the last activation did not bring the config into effect, or null.</summary>
    public string? ActivationProblem => _activationProblem;

    /// <summary>Ask for a pass (thread-safe; called from the file watcher).</summary>
    public void Request(ReconcileTrigger trigger) => _requests.Add(trigger);

    /// <summary>
    /// Boot gating: records the last-known-good before anything changes, waits (bounded) for the desired stores to
    /// come up when CRI-O is not running yet, then writes a safe config. Returns when the node's files are safe for
    /// CRI-O to start with — the moment to send READY=1.
    /// </summary>
    public async Task<ReconcileResult> StartAsync(CancellationToken cancellationToken, ReconcileTrigger trigger = ReconcileTrigger.Start)
    {
        _boot.RecordOriginalsAsLastKnownGood();
        var crio = await systemctl.IsActiveAsync(options.Crio.Unit, cancellationToken).ConfigureAwait(false);
        if (!crio.IsRunning)
        {
            await _boot.WaitForStoresAsync(cancellationToken).ConfigureAwait(false);
        }

        await PassAsync(trigger, probe: true, cancellationToken).ConfigureAwait(false);
        return _last!;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var nextProbe = time.GetUtcNow() + options.ProbeInterval;
        var nextResync = time.GetUtcNow() + options.ResyncInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            heartbeat.Beat();
            var now = time.GetUtcNow();
            var wake = Min(nextProbe, nextResync, _activation?.Decision == ActivationDecision.Wait ? _activation.DueAt : null);
            var requested = await _requests.WaitAsync(wake - now, cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            now = time.GetUtcNow();
            if (requested is { } trigger)
            {
                // A desired-state edit needs fresh probes only for stores not seen before: the others were probed
                // within the last interval, and probing them again would also count twice towards the hysteresis.
                await PassAsync(trigger, probe: trigger != ReconcileTrigger.DesiredStateChanged, cancellationToken).ConfigureAwait(false);
            }
            else if (now >= nextResync)
            {
                await PassAsync(ReconcileTrigger.Resync, probe: true, cancellationToken).ConfigureAwait(false);
                nextResync = now + options.ResyncInterval;
                nextProbe = now + options.ProbeInterval;
            }
            else if (now >= nextProbe)
            {
                var update = await reconciler.ProbeAsync(cancellationToken).ConfigureAwait(false);

                // A store in the config that just failed a probe is probed again at once rather than an interval
                // later: hysteresis still wants a second failure, but a dead or hung store should not stay in the
                // config for a whole interval waiting for it (a hung store's stuck probe answers at once).
                var confirm = update?.Decisions.Any(d => d.IsIncluded && !d.Latest.IsSafe) == true;
                nextProbe = time.GetUtcNow() + (confirm ? TimeSpan.Zero : options.ProbeInterval);
                if (update is { Transitions.Count: > 0 })
                {
                    await PassAsync(ReconcileTrigger.HealthTransition, probe: false, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await ActivateIfDueAsync(update?.Decisions, cancellationToken).ConfigureAwait(false);
                    Report(update is null ? _last : _last! with { Decisions = update.Decisions });
                }
            }
            else
            {
                await ActivateIfDueAsync(null, cancellationToken).ConfigureAwait(false);
                Report(_last);
            }
        }
    }

    /// <summary>One pass plus whatever activation is due, then a status report.</summary>
    public async Task PassAsync(ReconcileTrigger trigger, bool probe, CancellationToken cancellationToken)
    {
        var result = await reconciler.ReconcileAsync(trigger, cancellationToken, probe).ConfigureAwait(false);
        _last = result;
        _lastReconcileUtc = time.GetUtcNow();
        if (result.Written.Count > 0)
        {
            _lastChangeUtc = _lastReconcileUtc;
            _activationProblem = null;
        }

        await ActivateIfDueAsync(result.Decisions, cancellationToken).ConfigureAwait(false);
        Report(_last);
    }

    private async Task ActivateIfDueAsync(IReadOnlyList<Probing.Hysteresis.StoreDecision>? decisions, CancellationToken cancellationToken)
    {
        var state = reconciler.State;
        var action = reconciler.Desired?.Action ?? ApplyAction.Restart;
        _activation = ActivationPlanner.Plan(state, action, time.GetUtcNow(), _lastChangeUtc, _writtenWhileCrioDown, decisions ?? _last?.Decisions ?? [], options);
        switch (_activation.Decision)
        {
            case ActivationDecision.AwaitCrioStart:
                if (await activator.PromoteIfRunningAsync(Request(state), cancellationToken).ConfigureAwait(false) is { } promoted)
                {
                    Commit(promoted with { LastKnownGoodOwnership = promoted.OwnedStorageEntries });
                    _writtenWhileCrioDown = null;
                    log.ForContext("Generation", state.Generation).Information("CRI-O started with generation {Generation}: it is the last-known-good", state.Generation);
                }

                break;
            case ActivationDecision.ActivateNow:
                await ActivateAsync(action, state, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task ActivateAsync(ApplyAction action, AgentState state, CancellationToken cancellationToken)
    {
        // Write-ahead, as for every file change: a restart may roll the files back to the last-known-good, so while it
        // runs the state claims the entries of both versions.
        var owned = state.OwnedStorageEntries;
        var claimed = owned.Union(state.LastKnownGoodOwnership);
        if (!claimed.Equals(owned))
        {
            Commit(state = state with { OwnedStorageEntries = claimed });
        }

        var request = Request(state) with { Action = action == ApplyAction.Reboot ? ActivationAction.Reboot : ActivationAction.Restart };
        // A restart may take minutes (CRI-O start, bounded by the activator): keep the watchdog fed meanwhile; the
        // bound is the activator's, a wedge anywhere else still stops the heartbeat.
        ActivationOutcome outcome;
        using (time.CreateTimer(_ => heartbeat.Beat(), null, TimeSpan.Zero, TimeSpan.FromSeconds(1)))
        {
            outcome = await activator.ActivateAsync(request, cancellationToken).ConfigureAwait(false);
        }

        counters?.RecordActivation(outcome.Status);
        var next = outcome.State with { OwnedStorageEntries = owned };
        var entry = log.ForContext("Generation", state.Generation).ForContext("Action", request.Action.ToString().ToLowerInvariant());
        switch (outcome.Status)
        {
            case ActivationStatus.Restarted:
                if (next.LastKnownGood?.Digest != request.Digest && reconciler.AppliedFiles is { } written
                    && RenderedFileDigest.Compute(written) == request.Digest)
                {
                    // CRI-O runs the new config, but re-reading the files for the last-known-good failed (e.g. a
                    // file was replaced meanwhile): record what we wrote, or the planner would restart CRI-O again
                    // and again for a config it already runs.
                    next = next with { LastKnownGood = new KnownGoodConfig(request.Generation, request.Digest, written) };
                }

                next = next with { LastKnownGoodOwnership = next.OwnedStorageEntries };
                entry.Information("{Summary}", outcome.Summary);
                break;
            case ActivationStatus.NotRunningFilesOnly:
                _writtenWhileCrioDown = state.AppliedDigest;
                entry.Information("{Summary}", outcome.Summary);
                break;
            case ActivationStatus.RolledBack:
                // The files are the last-known-good again, and so is what we own in them.
                next = next with { AppliedDigest = next.LastKnownGood?.Digest, OwnedStorageEntries = next.LastKnownGoodOwnership };
                entry.Error("{Summary}", outcome.Summary);
                break;
            case ActivationStatus.RollbackFailed:
                // The files may be either version now: keep claiming both.
                next = next with { OwnedStorageEntries = claimed };
                entry.Error("{Summary}", outcome.Summary);
                break;
            default:
                if (outcome.IsHealthy)
                {
                    entry.Information("{Summary}", outcome.Summary);
                }
                else
                {
                    entry.Error("{Summary}", outcome.Summary);
                }

                break;
        }

        _activationProblem = outcome.IsHealthy ? null : string.Join("; ", outcome.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).Prepend(outcome.Summary));
        Commit(next);
        _activation = ActivationPlanner.Plan(next, action, time.GetUtcNow(), _lastChangeUtc, _writtenWhileCrioDown, _last?.Decisions ?? [], options);
    }

    private ActivationRequest Request(AgentState state) =>
        new(ActivationAction.Restart, state.AppliedDigest ?? "", state.Generation, Reconciler.ManagedNodePaths, state);

    private void Commit(AgentState state)
    {
        var diagnostics = new List<Diagnostic>();
        reconciler.Commit(state, diagnostics);
        foreach (var problem in diagnostics)
        {
            log.Error("Cannot save the agent state: {Problem}", problem.ToString());
        }
    }

    private void Report(ReconcileResult? result) => status.Report(result, reconciler.State, _activation, _activationProblem, _lastReconcileUtc);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b, DateTimeOffset? c)
    {
        var m = a < b ? a : b;
        return c is { } v && v < m ? v : m;
    }
}
