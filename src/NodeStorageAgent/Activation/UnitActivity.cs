namespace NodeStorageAgent.Activation;

/// <summary>A unit's state and running invocation as systemctl reported them, with the raw call for diagnostics.</summary>
public sealed record UnitActivity(UnitActiveState State, string? InvocationId, CommandResult Result)
{
    public bool IsRunning => State.IsRunning();
}
