using NodeStorageAgent.Activation;
using NodeStorageAgent.Apply;
using NodeStorageAgent.Hosting;
using NodeStorageAgent.Probing;
using NodeStorageAgent.Probing.Hysteresis;
using NodeStorageAgent.Systemd;
using Serilog;

namespace NodeStorageAgent.Reconcile;

/// <summary>
/// The object graph of one agent (daemon or one-shot verb) over a <see cref="NodeRoot"/>: built in one place so every
/// verb uses the same writer, state, prober and activator.
/// </summary>
public sealed class AgentRuntime : IDisposable
{
    private readonly StoreProber _prober;

    public AgentRuntime(AgentOptions options, AgentNotifier notifier, TimeProvider time, ILogger log)
    {
        options.Probe.Validate();
        options.Hysteresis.Validate();
        Options = options;
        Log = log;
        Time = time;
        var root = options.Root;
        Writer = new AtomicFileWriter();
        Backups = new BackupStore(root, Writer);
        Applier = new ConfigApplier(root, Writer, Backups);
        StateStore = new AgentStateStore(root, Writer);
        _prober = new StoreProber(root, options.Probe, time);
        Tracker = new StoreHealthTracker(options.Hysteresis, time);
        Reconciler = new Reconciler(options, _prober, Tracker, Applier, StateStore, log);
        Systemctl = new SystemctlClient(new CommandRunner(time), options.Systemctl);
        Activator = new CrioActivator(Systemctl, Applier, StateStore, new BootIdReader(), time, options.Crio);
        Heartbeat = new LivenessHeartbeat(time);
        Status = new StatusReporter(root, Writer, new StatusNotifier(notifier), time, log);
        Loop = new ReconcileLoop(options, Reconciler, _prober, Applier, Activator, Systemctl, Status, Heartbeat, time, log);
    }

    public AgentOptions Options { get; }

    public ILogger Log { get; }

    public TimeProvider Time { get; }

    public AtomicFileWriter Writer { get; }

    public BackupStore Backups { get; }

    public ConfigApplier Applier { get; }

    public AgentStateStore StateStore { get; }

    public IStoreProber Prober => _prober;

    public StoreHealthTracker Tracker { get; }

    public Reconciler Reconciler { get; }

    public SystemctlClient Systemctl { get; }

    public CrioActivator Activator { get; }

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

        var loaded = StateStore.Load();
        if (loaded.Problem is { } stateProblem)
        {
            Log.Warning("{Problem}", stateProblem.ToString());
        }

        Reconciler.Initialize(loaded.State);
    }

    public void Dispose() => _prober.Dispose();
}
