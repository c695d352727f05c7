using NodeStorageAgent.Diagnostics;

using NodeStorageAgent.StateMachine;

namespace NodeStorageAgent.Persistence;

/// <summary>The loaded state, or a fresh default with the reason when the file was missing or unusable.</summary>
/// <param name="Found">A usable state file was read.</param>
/// <param name="Problem">Why the file could not be used (corrupt, torn, unknown version, unreadable); null when it
/// was fine or simply absent.</param>
public sealed record AgentStateLoadResult(AgentState State, bool Found, Diagnostic? Problem);
