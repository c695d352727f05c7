using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodeStorageAgent.Reconcile;
using NodeStorageAgent.Systemd;
using Serilog;

namespace NodeStorageAgent.Hosting;

/// <summary>
/// The Generic Host of <c>run</c>: <see cref="Host.CreateEmptyApplicationBuilder"/> (no configuration sources, so no
/// file watcher on a content root: the default builder's recursive watcher hangs in <c>lstat</c> on a hung FUSE
/// mount under the working directory), <c>AddSystemd()</c>, and <see cref="AgentService"/> as its one hosted service.
/// </summary>
public static class AgentHost
{
    /// <summary>How long a stop may take after SIGTERM before the host gives up on it (well inside systemd's
    /// TimeoutStopSec=).</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(AgentOptions options, SystemdEnvironment systemd, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(systemd);
        using var runtime = new AgentRuntime(options, systemd.Notifier, TimeProvider.System, log);

        // SIGHUP (`systemctl reload`, the unit's ExecReload=) means "re-read the desired state now". Installed before
        // the host and the boot gate, so a reload during start-up is queued for the loop instead of killing the
        // process (SIGHUP's default action); only the milliseconds before this line remain unprotected.
        using var reload = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            log.Information("SIGHUP: re-reading the desired state");
            runtime.Loop.Request(ReconcileTrigger.DesiredStateChanged);
        });
        using var host = Build(runtime, systemd, log);
        var service = host.Services.GetServices<IHostedService>().OfType<AgentService>().Single();
        try
        {
            await host.RunAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM during the boot gate: the lifetime already sent STOPPING=1; nothing half-written stays.
        }

        log.Information("Stopped");
        return service.ExitCode;
    }

    internal static IHost Build(AgentRuntime runtime, SystemdEnvironment systemd, ILogger log)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "node-storage-agent",
            // Never the working directory (it may hold a hung FUSE mount); nothing is read from it.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddSystemd();
        if (systemd.Notifier.IsEnabled)
        {
            // Whenever systemd gave us a notify socket, READY/STOPPING go through the package's lifetime and our
            // notifier (registered last, so it wins over the package's own), also when the package's parent-process
            // check does not recognise systemd (SystemdEnvironment.Detect).
            builder.Services.AddSingleton<ISystemdNotifier>(systemd.Notifier);
            builder.Services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        // The host's own services, ready-made. The builder registers them as open generics (logging, options, the
        // start-up validator) that the container closes at run time; under NativeAOT that goes through the runtime
        // type loader and reflection: 5.3 ms of the start before READY (docs/benchmarks.md). The host has nothing to
        // log to (no providers: the agent's journal is Serilog), binds no options from configuration, and has none to
        // validate on start.
        builder.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance);
        builder.Services.AddSingleton(Options.Create(new HostOptions { ShutdownTimeout = ShutdownTimeout }));
        builder.Services.AddSingleton<IStartupValidator>(new NothingToValidate());
        builder.Services.AddSingleton<IHostedService>(services =>
            new AgentService(runtime, systemd, services.GetRequiredService<IHostApplicationLifetime>(), log));
        return builder.Build();
    }

    private sealed class NothingToValidate : IStartupValidator
    {
        public void Validate()
        {
        }
    }
}
