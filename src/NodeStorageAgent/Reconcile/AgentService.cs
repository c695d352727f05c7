using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using NodeStorageAgent.Systemd;
using Serilog;

namespace NodeStorageAgent.Reconcile;

/// <summary>
/// <c>node-storage-agent run</c> as a hosted service. <see cref="StartAsync"/> runs the boot gate and the first
/// reconcile (with EXTEND_TIMEOUT_USEC); the host calls it before it raises ApplicationStarted, which is when the
/// package's <c>SystemdLifetime</c> sends READY=1, so READY only ever follows a config on disk that is safe for CRI-O.
/// <see cref="ExecuteAsync"/> then runs the loop with WATCHDOG=1 until the host stops (SIGTERM, SIGINT).
/// </summary>
/// <remarks>
/// Signals: SIGTERM is the lifetime's (STOPPING=1, then a clean stop, exit 0); SIGINT stops the same way; SIGHUP
/// (installed by <see cref="Hosting.AgentHost"/>, as early as the loop exists) means "re-read the desired state now".
/// Measured on the AOT binary: SIGQUIT is ignored, SIGUSR1/SIGUSR2 keep their default action (terminate; systemd's
/// <c>Restart=on-failure</c> restarts the agent), and the runtime ignores SIGPIPE.
/// </remarks>
public sealed class AgentService(AgentRuntime runtime, SystemdEnvironment systemd, IHostApplicationLifetime lifetime, ILogger log)
    : BackgroundService
{
    private readonly List<IDisposable> _owned = [];

    /// <summary>0 after a clean stop; <see cref="Cli.ExitCodes.Failed"/> when the loop died of an error.</summary>
    public int ExitCode { get; private set; }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var loop = runtime.Loop;
        _owned.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            lifetime.StopApplication();
        }));

        var options = runtime.Options;
        log.Information("Starting: root {Root}, desired state {DesiredState}, systemd: {Detection}",
            options.Root.HostPath, options.DesiredStatePath, systemd.Detection);
        runtime.Prepare();
        _owned.Add(new DesiredStateWatcher(options.Root.Resolve(options.DesiredStatePath), options.DebounceWindow, runtime.Time,
            () => loop.Request(ReconcileTrigger.DesiredStateChanged)));

        using (StartupTimeoutExtender.Start(systemd.Notifier, runtime.Time, options.BootStoreWait + TimeSpan.FromSeconds(30)))
        {
            await loop.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        // READY=1 (sent by the lifetime right after this returns) carries this status line (AgentNotifier).
        systemd.Notifier.TrySend(NotifyMessages.Status(loop.Status?.Summary ?? "ready"));
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // systemd arms the watchdog at READY=1 (systemd.service(5)): no ping before it.
            if (systemd.Notifier.IsEnabled)
            {
                await systemd.Notifier.ReadySent.WaitAsync(stoppingToken).ConfigureAwait(false);
            }

            log.Information("Ready: {Summary}", runtime.Loop.Status?.Summary);

            // Start-up leaves garbage that an idle loop would carry for a long time (the command line, the host's
            // construction, the first pass): compacted and given back once, after READY, so it costs the start nothing.
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            using var watchdog = new WatchdogPinger(systemd.Notifier, systemd.Watchdog,
                () => systemd.Watchdog.Interval is not { } interval || runtime.Heartbeat.IsFresh(interval), runtime.Time, log);
            watchdog.Start();
            await runtime.Loop.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // SIGTERM mid-pass: every write is atomic, so whatever completed is whole and the rest never happened; the
            // state the step had reached is saved below.
        }
        catch (Exception e)
        {
            log.Fatal(e, "The reconcile loop failed; stopping");
            ExitCode = Cli.ExitCodes.Failed;
            lifetime.StopApplication();
        }
        finally
        {
            // What the last step decided but did not need durable yet (EffectRunner: only effects that change the
            // node save first): saved now, before the process ends.
            runtime.Runner.Persist();
        }
    }

    public override void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        base.Dispose();
    }
}
