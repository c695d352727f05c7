using NodeStorageAgent.Activation;
using NodeStorageAgent.Apply;
using NodeStorageAgent.Metrics;
using NodeStorageAgent.Probing;
using NodeStorageAgent.Probing.Hysteresis;
using NodeStorageAgent.StateMachine;
using NodeStorageAgent.Systemd;
using Serilog;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.Persistence;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Reconcile;

/// <summary>
/// The object graph of one agent (daemon or one-shot verb) over a <see cref="NodeRoot"/>: built in one place so every
/// verb uses the same pipeline, state machine, writer, prober and CRI-O controller.
/// </summary>
public sealed class AgentRuntime : IDisposable
{
    private readonly IStoreProber _prober;

    /// <param name="prober">Null: the real <see cref="StoreProber"/>. Unit tests of the loop pass a scripted one.</param>
    /// <param name="crio">Null: CRI-O through systemctl. Unit tests of the loop pass a scripted one.</param>
    /// <param name="writer">Null: the plain writer. Unit tests pass one that edits a file just before our rename.</param>
    public AgentRuntime(AgentOptions options, AgentNotifier notifier, TimeProvider time, ILogger log,
        BootIdReader? bootIds = null, IStoreProber? prober = null, ICrioControl? crio = null, AtomicFileWriter? writer = null)
    {
        options.Probe.Validate();
        options.Hysteresis.Validate();
        Options = options;
        Log = log;
        Time = time;
        var root = options.Root;
        writer ??= new AtomicFileWriter();
        Writer = writer;
        Applier = new ConfigApplier(root, writer, new BackupStore(root, writer));
        StateStore = new AgentStateStore(root, writer);
        Counters = new AgentCounters();
        _prober = prober ?? new StoreProber(root, options.Probe, time);
        var measured = new MeasuredProber(_prober, Counters);
        Pipeline = new ReconcilePipeline(options, measured, new StoreHealthTracker(options.Hysteresis, time), log);
        Systemctl = new SystemctlClient(new CommandRunner(time), options.Systemctl);
        Heartbeat = new LivenessHeartbeat(time);
        Runner = new EffectRunner(
            new AgentMachine(new ActivationPolicy(options.RestartQuietPeriod, options.RestartMinInterval)),
            StateStore, Applier, crio ?? new CrioController(Systemctl, time, options.Crio), bootIds ?? new BootIdReader(), Heartbeat, root, time, log, Counters);
        var metrics = new TextfileMetricsWriter(root, options.Metrics, writer, Counters, options.ResyncInterval, time, log);
        Status = new StatusReporter(root, writer, new StatusNotifier(notifier), time, log, metrics);
        Loop = new ReconcileLoop(options, Pipeline, Runner, measured, Applier, Status, Heartbeat, time, log);
    }

    public AgentOptions Options { get; }

    public ILogger Log { get; }

    public TimeProvider Time { get; }

    public AtomicFileWriter Writer { get; }

    public ConfigApplier Applier { get; }

    public AgentStateStore StateStore { get; }

    public IStoreProber Prober => _prober;

    public ReconcilePipeline Pipeline { get; }

    /// <summary>Restarts, rollbacks, failed activations and probe durations, for the metrics.</summary>
    public AgentCounters Counters { get; }

    public SystemctlClient Systemctl { get; }

    public EffectRunner Runner { get; }

    public LivenessHeartbeat Heartbeat { get; }

    public StatusReporter Status { get; }

    public ReconcileLoop Loop { get; }

    /// <summary>Creates our directories, sweeps temp files a crash left behind, and loads the state file.</summary>
    public void Prepare()
    {
        var root = Options.Root;
        Directory.CreateDirectory(root.Resolve(NodePaths.StateDir));
        Directory.CreateDirectory(root.Resolve(NodePaths.RunDir));
        var sweep = TempFileSweeper.SweepNode(root);
        foreach (var removed in sweep.Removed)
        {
            Log.Information("Removed a temp file left by an interrupted write: {Path}", removed);
        }

        foreach (var problem in sweep.Diagnostics)
        {
            Log.Warning("{Problem}", problem.ToString());
        }

        Runner.Load(LoadState(), StateStore.OwnershipCopyBehind);
    }

    /// <summary>The saved state (defaults, with a warning, when it is damaged); read-only verbs use this alone.</summary>
    public AgentState LoadState()
    {
        var loaded = StateStore.Load();
        if (loaded.Problem is { } stateProblem)
        {
            Log.Warning("{Problem}", stateProblem.ToString());
        }

        return loaded.State;
    }

    public void Dispose() => (_prober as IDisposable)?.Dispose();
}
