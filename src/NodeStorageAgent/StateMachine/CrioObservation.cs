using NodeStorageAgent.Activation;

namespace NodeStorageAgent.StateMachine;

/// <summary>What systemd says of CRI-O: its active state and its invocation id (new on every start, systemd ≥ 232;
/// null when systemd did not say).</summary>
public sealed record CrioObservation(UnitActiveState State, string? InvocationId)
{
    public bool IsRunning => State.IsRunning();
}
