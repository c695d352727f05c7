using System.Runtime.InteropServices;
using NodeStorageAgent.Hosting;
using NodeStorageAgent.Systemd;
using Serilog;

namespace NodeStorageAgent.Reconcile;

/// <summary>
/// <c>node-storage-agent run</c>: the systemd service. No Generic Host: its recursive content-root watcher hangs on a
/// hung FUSE mount (test-environment §7.1), and we need none of its machinery. Lifecycle:
/// first reconcile (boot gating, with EXTEND_TIMEOUT_USEC) → READY=1 → loop with WATCHDOG=1 → SIGTERM → STOPPING=1.
/// </summary>
/// <remarks>The unit must be <c>Type=notify</c> and ordered <c>Before=crio.service</c>, so CRI-O starts only once the
/// config on disk is safe.</remarks>
public static class AgentService
{
    public static async Task<int> RunAsync(AgentOptions options, SystemdEnvironment systemd, ILogger log)
    {
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });

        var time = TimeProvider.System;
        using var runtime = new AgentRuntime(options, systemd.Notifier, time, log);
        log.Information("Starting: root {Root}, desired state {DesiredState}, systemd: {Detection}",
            options.Root.HostPath, options.DesiredStatePath, systemd.Detection);
        runtime.Prepare();

        var loop = runtime.Loop;
        using var watcher = new DesiredStateWatcher(options.Root.Resolve(options.DesiredStatePath), options.DebounceWindow, time,
            () => loop.Request(ReconcileTrigger.DesiredStateChanged));
        try
        {
            using (StartupTimeoutExtender.Start(systemd.Notifier, time, options.BootStoreWait + TimeSpan.FromSeconds(30)))
            {
                await loop.StartAsync(stop.Token).ConfigureAwait(false);
            }

            systemd.Notifier.Notify(ServiceState.Ready.And(ServiceState.Status(loop.Status?.Summary ?? "ready")));
            log.Information("Ready: {Summary}", loop.Status?.Summary);

            using var watchdog = new WatchdogPinger(systemd.Notifier, systemd.Watchdog,
                () => systemd.Watchdog.Interval is not { } interval || runtime.Heartbeat.IsFresh(interval), time, log);
            if (systemd.Watchdog.IsEnabled)
            {
                watchdog.Start();
            }

            await loop.RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // SIGTERM mid-pass: every write is atomic, so whatever completed is whole and the rest never happened.
        }

        systemd.Notifier.Notify(ServiceState.Stopping);
        log.Information("Stopped");
        return 0;
    }
}
