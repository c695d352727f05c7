using Serilog;
using Serilog.Core;

namespace NodeStorageAgent.Logging;

/// <summary>Builds the agent's Serilog logger: journald's native protocol for the daemon when journald is there,
/// <c>&lt;N&gt;</c>-prefixed stderr under systemd without it, plain stderr lines otherwise (and for CLI verbs).</summary>
public static class AgentLogging
{
    public static AgentLoggingResult Create(AgentLoggingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (target, reason) = LogTargetSelector.Select(options);
        var stderr = options.Stderr ?? Console.Error;
        ILogEventSink sink = target switch
        {
            LogTarget.Journald => new JournaldSink(
                options.JournalSocketPath, options.SyslogIdentifier, fallback: new SystemdConsoleSink(stderr)),
            LogTarget.SystemdStderr => new SystemdConsoleSink(stderr),
            _ => new HumanConsoleSink(stderr),
        };

        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(options.MinimumLevel)
            .Enrich.FromLogContext()
            .WriteTo.Sink(sink)
            .CreateLogger();
        return new AgentLoggingResult(logger, target, reason);
    }
}
