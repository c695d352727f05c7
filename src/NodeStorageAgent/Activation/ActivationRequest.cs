using NodeStorageAgent.Apply;

namespace NodeStorageAgent.Activation;

/// <summary>Activate configuration <paramref name="Digest"/> (already written to disk).</summary>
/// <param name="Generation">The generation the new files belong to (becomes the last-known-good's on success).</param>
/// <param name="ManagedNodePaths">Every node file the agent manages (snapshotted as the new last-known-good).</param>
/// <param name="State">The current agent state; <see cref="AgentState.LastKnownGood"/> is the rollback target.</param>
public sealed record ActivationRequest(
    ActivationAction Action,
    string Digest,
    long Generation,
    IReadOnlyList<string> ManagedNodePaths,
    AgentState State);
