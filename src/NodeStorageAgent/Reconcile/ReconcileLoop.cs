using NodeStorageAgent.Apply;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Probing;
using NodeStorageAgent.Probing.Hysteresis;
using NodeStorageAgent.StateMachine;
using NodeStorageAgent.Systemd;
using Serilog;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Reconcile;

/// <summary>
/// The daemon's loop. Reconciles on start, on a desired-state change, on a store-health transition and on a periodic
/// resync; between passes it probes the stores every <see cref="AgentOptions.ProbeInterval"/> and tells the state
/// machine when activation may be due. One thread of control: passes never overlap. It keeps no state of its own
/// beyond what it last saw (for the status): decisions are the machine's, the state is the runner's.
/// </summary>
public sealed class ReconcileLoop(
    AgentOptions options,
    ReconcilePipeline pipeline,
    EffectRunner runner,
    IStoreProber prober,
    ConfigApplier applier,
    StatusReporter status,
    LivenessHeartbeat heartbeat,
    TimeProvider time,
    ILogger log)
{
    private const int MaxRenderAttempts = 5;

    private readonly ReconcileRequests _requests = new(time);
    private readonly BootGate _boot = new(options, pipeline, prober, heartbeat, time, log);
    private readonly ActivationPolicy _policy = new(options.RestartQuietPeriod, options.RestartMinInterval);

    private ReconcileResult? _last;
    private DateTimeOffset? _lastReconcileUtc;
    private ActivationPlan? _activation;

    // Intervals on the monotonic clock: setting the wall clock neither stalls nor hurries the loop.
    private long _nextProbe = time.GetTimestamp() + (long)(options.ProbeInterval.TotalSeconds * time.TimestampFrequency);
    private long _nextResync = time.GetTimestamp() + (long)(options.ResyncInterval.TotalSeconds * time.TimestampFrequency);

    public AgentStatus? Status => status.Current;

    public ReconcileResult? LastResult => _last;

    /// <summary>What the loop would do about CRI-O now (null before the first pass).</summary>
    public ActivationPlan? Activation => _activation;

    /// <summary>Why the last activation did not bring the config into effect, or null.</summary>
    public string? ActivationProblem => runner.State.ActivationProblem;

    /// <summary>Ask for a pass (thread-safe; called from the file watcher and the SIGHUP handler).</summary>
    public void Request(ReconcileTrigger trigger) => _requests.Add(trigger);

    /// <summary>
    /// The start: the machine learns the node's files and CRI-O's state (recording the originals as last-known-good
    /// before anything changes, and finishing an activation a crash interrupted); at boot, while CRI-O is not running,
    /// a bounded wait for the desired stores; then the first pass. Returns when the node's files are safe for CRI-O
    /// to start with — the moment to send READY=1.
    /// </summary>
    public async Task<ReconcileResult> StartAsync(CancellationToken cancellationToken, ReconcileTrigger trigger = ReconcileTrigger.Start)
    {
        var files = applier.Snapshot(NodePaths.Managed);
        await runner.DispatchAsync(new AgentStarted(files.Succeeded ? files.Files : null), cancellationToken).ConfigureAwait(false);
        if (runner.LastCrio is not { IsRunning: true })
        {
            await _boot.WaitForStoresAsync(cancellationToken).ConfigureAwait(false);
        }

        await PassAsync(trigger, probe: true, cancellationToken).ConfigureAwait(false);
        return _last!;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            heartbeat.Beat();
            var requested = await _requests.WaitAsync(UntilNextWake(), cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            await StepAsync(requested, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How long the loop sleeps unless a request comes: until the next probe, resync or due activation.</summary>
    public TimeSpan UntilNextWake()
    {
        var now = time.GetTimestamp();
        var wake = Math.Min(_nextProbe, _nextResync);
        if (_activation is { Decision: ActivationDecision.Wait } waiting)
        {
            wake = Math.Min(wake, now + Ticks(waiting.Delay));
        }

        return time.GetElapsedTime(now, Math.Max(now, wake));
    }

    /// <summary>One turn of the loop: a requested pass, else whatever is due now (resync, probe round, activation).
    /// <see cref="RunAsync"/> calls it when it wakes; unit tests call it after advancing fake time.</summary>
    public async Task StepAsync(ReconcileTrigger? requested, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (requested is { } trigger)
        {
            // A desired-state edit needs fresh probes only for stores not seen before: the others were probed
            // within the last interval, and probing them again would also count twice towards the hysteresis.
            await PassAsync(trigger, probe: trigger != ReconcileTrigger.DesiredStateChanged, cancellationToken).ConfigureAwait(false);
        }
        else if (now >= _nextResync)
        {
            await PassAsync(ReconcileTrigger.Resync, probe: true, cancellationToken).ConfigureAwait(false);
            _nextResync = now + Ticks(options.ResyncInterval);
            _nextProbe = now + Ticks(options.ProbeInterval);
        }
        else if (now >= _nextProbe)
        {
            var update = await pipeline.ProbeAsync(cancellationToken).ConfigureAwait(false);

            // A store in the config that just failed a probe is probed again at once rather than an interval
            // later: hysteresis still wants a second failure, but a dead or hung store should not stay in the
            // config for a whole interval waiting for it (a hung store's stuck probe answers at once).
            var confirm = update?.Decisions.Any(d => d.IsIncluded && !d.Latest.IsSafe) == true;
            _nextProbe = time.GetTimestamp() + (confirm ? 0 : Ticks(options.ProbeInterval));
            if (update is { Transitions.Count: > 0 })
            {
                await PassAsync(ReconcileTrigger.HealthTransition, probe: false, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                if (update is not null && _last is not null)
                {
                    _last = _last with { Decisions = update.Decisions };
                }

                await ActivateAsync(cancellationToken).ConfigureAwait(false);
                Report();
            }
        }
        else
        {
            await ActivateAsync(cancellationToken).ConfigureAwait(false);
            Report();
        }
    }

    /// <summary>One pass through the pipeline, the state machine's decision on its result, whatever activation is
    /// due, then a status report.</summary>
    public async Task PassAsync(ReconcileTrigger trigger, bool probe, CancellationToken cancellationToken)
    {
        ReconcileResult result;
        IReadOnlyList<string> written = [];
        List<Diagnostic> diagnostics;
        var attempt = 0;
        while (true)
        {
            result = await pipeline.RunAsync(trigger, runner.State.OwnedStorageEntries, probe && attempt == 0, cancellationToken).ConfigureAwait(false);
            diagnostics = [.. result.Diagnostics];
            if (result.Config is not { } config)
            {
                break;
            }

            var generation = runner.State.Generation;
            var notes = await runner.DispatchAsync(new ConfigRendered(config), cancellationToken).ConfigureAwait(false);
            if (runner.State.Generation != generation)
            {
                written = [.. config.Changed.Select(f => f.NodePath)];
            }

            // A file changed between our read and our write (an admin's edit, compare-and-swap refused to overwrite
            // it): render again from the new bytes, a few times at most (a file rewritten continuously waits for the
            // next pass).
            if (!notes.Any(n => n.Code == ReconcileCodes.RenderedFromStaleFile) || ++attempt >= MaxRenderAttempts)
            {
                diagnostics.AddRange(notes.SelectMany(AsDiagnostics));
                break;
            }
        }

        _lastReconcileUtc = time.GetUtcNow();
        _last = result with { Written = written, Diagnostics = diagnostics };
        await ActivateAsync(cancellationToken).ConfigureAwait(false);
        Report();
    }

    private async Task ActivateAsync(CancellationToken cancellationToken)
    {
        var action = pipeline.Desired?.Action ?? ApplyAction.Restart;
        var decisions = _last?.Decisions ?? [];
        await runner.DispatchAsync(new ActivationDue(action, decisions), cancellationToken).ConfigureAwait(false);
        _activation = ActivationPlanner.Plan(runner.State, action, runner.Clock(), decisions, _policy);
    }

    /// <summary>The end of every step: the state made durable (<see cref="EffectRunner.Persist"/>), then reported.</summary>
    private void Report()
    {
        runner.Persist();
        status.Report(_last, runner.State, _activation, runner.State.ActivationProblem, _lastReconcileUtc, runner.SaveProblem);
    }

    private static IEnumerable<Diagnostic> AsDiagnostics(MachineNote note) =>
        note.Diagnostics is { Count: > 0 } found ? found
        : note.Code is { } code ? [new Diagnostic(code, note.Level == NoteLevel.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, note.Message)]
        : [];

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
