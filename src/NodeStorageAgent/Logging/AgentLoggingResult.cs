using Serilog.Core;

namespace NodeStorageAgent.Logging;

/// <summary>The agent's logger and why it writes where it writes. Dispose the logger at exit to flush.</summary>
public sealed record AgentLoggingResult(Logger Logger, LogTarget Target, string Reason);
