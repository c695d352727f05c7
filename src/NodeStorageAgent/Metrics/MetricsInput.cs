using NodeStorageAgent.Apply;
using NodeStorageAgent.Reconcile;

using NodeStorageAgent.StateMachine;

namespace NodeStorageAgent.Metrics;

/// <summary>Everything one metrics file is made of: the status just reported, the persisted state, the counters.</summary>
/// <param name="ConfigHeld">The rendered config is one that already failed to start CRI-O and is not retried
/// (<see cref="AgentState.FailedDigest"/>, reported as <see cref="ReconcileCodes.FailedGenerationHeld"/>).</param>
public sealed record MetricsInput(AgentStatus Status, AgentState State, bool ConfigHeld, CounterSnapshot Counters, string Version);
