using NodeStorageAgent.Systemd;
using Serilog.Events;

namespace NodeStorageAgent.Logging;

/// <summary>Inputs of <see cref="AgentLogging.Create"/>; every default is the real process's, tests replace them.</summary>
public sealed record AgentLoggingOptions
{
    /// <summary>True for the long-running service; false for CLI verbs, which always log human lines to stderr.</summary>
    public bool IsDaemon { get; init; }

    public LogEventLevel MinimumLevel { get; init; } = LogEventLevel.Information;

    /// <summary>Forces a target (e.g. from a <c>--log-target</c> option); null chooses automatically.</summary>
    public LogTarget? Target { get; init; }

    public string JournalSocketPath { get; init; } = SystemdConstants.JournalSocketPath;

    public string SyslogIdentifier { get; init; } = JournalEntryRenderer.DefaultSyslogIdentifier;

    public IProcessEnvironment Environment { get; init; } = ProcessEnvironment.Instance;

    /// <summary>Where stderr output goes; null means <see cref="Console.Error"/>.</summary>
    public TextWriter? Stderr { get; init; }

    /// <summary>Whether stderr is a terminal; null means <c>!Console.IsErrorRedirected</c>.</summary>
    public bool? StderrIsTerminal { get; init; }

    /// <summary>Whether <c>JOURNAL_STREAM</c> names our real stderr; null means <see cref="JournalStream.MatchesStderr"/>.</summary>
    public bool? StderrIsJournal { get; init; }
}
