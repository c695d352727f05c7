using System.Threading.Channels;
using NodeStorageAgent.Activation;
using NodeStorageAgent.Apply;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Diagnostics;
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
    ILogger log)
{
    private readonly Channel<ReconcileTrigger> _requests =
        Channel.CreateBounded<ReconcileTrigger>(new BoundedChannelOptions(8) { FullMode = BoundedChannelFullMode.DropOldest });

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
    public void Request(ReconcileTrigger trigger) => _requests.Writer.TryWrite(trigger);

    /// <summary>
    /// Boot gating: records the last-known-good before anything changes, waits (bounded) for the desired stores to
    /// come up when CRI-O is not running yet, then writes a safe config. Returns when the node's files are safe for
    /// CRI-O to start with — the moment to send READY=1.
    /// </summary>
    public async Task<ReconcileResult> StartAsync(CancellationToken cancellationToken, ReconcileTrigger trigger = ReconcileTrigger.Start)
    {
        RecordOriginalsAsLastKnownGood();
        var crio = await systemctl.IsActiveAsync(options.Crio.Unit, cancellationToken).ConfigureAwait(false);
        if (!crio.IsRunning)
        {
            await WaitForStoresAsync(cancellationToken).ConfigureAwait(false);
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
            var requested = await WaitAsync(wake - now, cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            now = time.GetUtcNow();
            if (requested is { } trigger)
            {
                await PassAsync(trigger, probe: true, cancellationToken).ConfigureAwait(false);
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
                nextProbe = time.GetUtcNow() + options.ProbeInterval;
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
        var request = Request(state) with { Action = action == ApplyAction.Reboot ? ActivationAction.Reboot : ActivationAction.Restart };
        // A restart may take minutes (CRI-O start, bounded by the activator): keep the watchdog fed meanwhile; the
        // bound is the activator's, a wedge anywhere else still stops the heartbeat.
        ActivationOutcome outcome;
        using (time.CreateTimer(_ => heartbeat.Beat(), null, TimeSpan.Zero, TimeSpan.FromSeconds(1)))
        {
            outcome = await activator.ActivateAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var next = outcome.State;
        var entry = log.ForContext("Generation", state.Generation).ForContext("Action", request.Action.ToString().ToLowerInvariant());
        switch (outcome.Status)
        {
            case ActivationStatus.Restarted:
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

    /// <summary>Before our first change, the node's own files are the last-known-good (and what uninstall restores).</summary>
    private void RecordOriginalsAsLastKnownGood()
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
        Commit(state with
        {
            LastKnownGood = new KnownGoodConfig(state.Generation, digest, snapshot.Files),
            LastKnownGoodOwnership = state.OwnedStorageEntries,
            AppliedDigest = state.AppliedDigest ?? digest,
        });
    }

    private async Task WaitForStoresAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.BootStoreWait;
        var desired = DesiredStateLoader.For(options.Root).Load(options.DesiredStatePath, ContainerStorageRoots.Default).Spec;
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
                        .Warning("{Store} did not come up within {Seconds}s of boot; starting CRI-O without it", r.Store.ToString(), options.BootStoreWait.TotalSeconds);
                }

                return;
            }

            heartbeat.Beat();
            await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ReconcileTrigger?> WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (_requests.Reader.TryRead(out var ready))
        {
            return Drain(ready);
        }

        if (delay <= TimeSpan.Zero)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(delay);
        try
        {
            await _requests.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        return _requests.Reader.TryRead(out var next) ? Drain(next) : null;
    }

    /// <summary>Several requests queued while a pass ran are one more pass.</summary>
    private ReconcileTrigger Drain(ReconcileTrigger first)
    {
        var trigger = first;
        while (_requests.Reader.TryRead(out var more))
        {
            trigger = more == ReconcileTrigger.DesiredStateChanged ? more : trigger;
        }

        return trigger;
    }

    private void Report(ReconcileResult? result) => status.Report(result, reconciler.State, _activation, _activationProblem, _lastReconcileUtc);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b, DateTimeOffset? c)
    {
        var m = a < b ? a : b;
        return c is { } v && v < m ? v : m;
    }
}
