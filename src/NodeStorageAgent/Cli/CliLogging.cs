using NodeStorageAgent.Logging;
using Serilog.Core;

namespace NodeStorageAgent.Cli;

internal static class CliLogging
{
    /// <summary>Human log lines on stderr for one-shot verbs (stdout stays for their data).</summary>
    public static Logger Create() => AgentLogging.Create(new AgentLoggingOptions { IsDaemon = false }).Logger;
}
