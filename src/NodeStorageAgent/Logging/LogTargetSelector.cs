using NodeStorageAgent.Systemd;

namespace NodeStorageAgent.Logging;

/// <summary>Chooses where logs go, with the reason (logged at start-up and shown by <c>status</c>).</summary>
public static class LogTargetSelector
{
    public static (LogTarget Target, string Reason) Select(AgentLoggingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Target is { } forced)
        {
            return (forced, "chosen explicitly");
        }

        if (!options.IsDaemon)
        {
            return (LogTarget.Human, "CLI command");
        }

        var stderrIsJournal = options.StderrIsJournal
            ?? JournalStream.MatchesStderr(options.Environment.Get(SystemdConstants.JournalStream));
        var (isService, detection) = SystemdEnvironment.Detect(options.Environment);
        var underSystemd = stderrIsJournal || isService;
        if (!underSystemd && (options.StderrIsTerminal ?? !Console.IsErrorRedirected))
        {
            return (LogTarget.Human, "not under systemd and stderr is a terminal");
        }

        if (File.Exists(options.JournalSocketPath))
        {
            return (LogTarget.Journald, $"{options.JournalSocketPath} exists");
        }

        if (underSystemd)
        {
            var why = stderrIsJournal ? "JOURNAL_STREAM is our stderr" : detection;
            return (LogTarget.SystemdStderr, $"{options.JournalSocketPath} is absent; under systemd ({why})");
        }

        return (LogTarget.Human, $"{options.JournalSocketPath} is absent and not under systemd ({detection})");
    }
}
