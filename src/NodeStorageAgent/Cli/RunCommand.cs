using System.CommandLine;
using NodeStorageAgent.Logging;
using NodeStorageAgent.Metrics;
using NodeStorageAgent.Reconcile;
using NodeStorageAgent.Systemd;
using Serilog.Events;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Cli;

/// <summary><c>run</c>: the long-running service (systemd <c>Type=notify</c>).</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var defaults = new AgentOptions { Root = NodeLayout.NodeRoot.System };
        var binder = new AgentOptionsBinder();
        var probeInterval = Durations.Option("--probe-interval", defaults.ProbeInterval, "How often every store is probed");
        var resync = Durations.Option("--resync-interval", defaults.ResyncInterval, "Full reconcile even when nothing changed");
        var bootWait = Durations.Option("--boot-wait", defaults.BootStoreWait, "At boot, how long to wait for stores to come up before CRI-O starts", allowZero: true);
        var quiet = Durations.Option("--restart-quiet-period", defaults.RestartQuietPeriod, "Changes within this time cost one restart", allowZero: true);
        var minInterval = Durations.Option("--restart-min-interval", defaults.RestartMinInterval, "Minimum time between CRI-O restarts", allowZero: true);
        var debounce = Durations.Option("--debounce", defaults.DebounceWindow, "Quiet time after a desired-state file event", allowZero: true);
        var failures = CommonOptions.Count("--fail-after", 2, "Consecutive failed probes before a store is left out");
        var successes = CommonOptions.Count("--recover-after", 3, "Consecutive good probes before a store is put back");
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log debug messages" };
        var metricsDir = new Option<string>("--metrics-textfile-dir")
        {
            Description = $"node-exporter textfile-collector directory for {MetricsOptions.FileName} (node path), or '{MetricsOptions.Off}' (default {MetricsOptions.DefaultTextfileDirectory})",
            DefaultValueFactory = _ => MetricsOptions.DefaultTextfileDirectory,
        };
        metricsDir.Validators.Add(result =>
        {
            MetricsOptions.Parse(result.GetValueOrDefault<string>(), out var problem);
            if (problem is not null)
            {
                result.AddError(problem);
            }
        });

        var command = AgentOptionsBinder.AddTo(new Command("run", "Run the agent as a service: reconcile, probe, apply, restart CRI-O (systemd Type=notify)"), binder);
        foreach (var option in new Option[] { probeInterval, resync, bootWait, quiet, minInterval, debounce, failures, successes, verbose, metricsDir })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, _) =>
        {
            using var logging = AgentLogging.Create(new AgentLoggingOptions
            {
                IsDaemon = true,
                MinimumLevel = parse.GetValue(verbose) ? LogEventLevel.Debug : LogEventLevel.Information,
            }).Logger;
            var systemd = SystemdEnvironment.Capture(ProcessEnvironment.Instance, logging);
            var options = binder.Bind(parse) with
            {
                ProbeInterval = Durations.Value(parse, probeInterval, defaults.ProbeInterval),
                ResyncInterval = Durations.Value(parse, resync, defaults.ResyncInterval),
                BootStoreWait = Durations.Value(parse, bootWait, defaults.BootStoreWait),
                RestartQuietPeriod = Durations.Value(parse, quiet, defaults.RestartQuietPeriod),
                RestartMinInterval = Durations.Value(parse, minInterval, defaults.RestartMinInterval),
                DebounceWindow = Durations.Value(parse, debounce, defaults.DebounceWindow),
                Hysteresis = AgentOptionsBinder.Hysteresis(parse.GetValue(failures), parse.GetValue(successes)),
                Metrics = MetricsOptions.Parse(parse.GetValue(metricsDir), out string? validatedAbove),
            };

            using var agentLock = AgentLock.TryAcquire(options.Root, out var problem);
            if (agentLock is null)
            {
                logging.Error("{Problem}", problem);
                return ExitCodes.Failed;
            }

            return await Hosting.AgentHost.RunAsync(options, systemd, logging).ConfigureAwait(false);
        });
        return command;
    }
}
