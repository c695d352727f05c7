namespace NodeStorageAgent.Activation;

/// <summary>A unit's state as systemctl reported it, with the raw call for diagnostics.</summary>
public sealed record UnitActivity(UnitActiveState State, CommandResult Result)
{
    /// <summary>Running: <c>active</c>, or <c>reloading</c> (still running while it re-reads its config).</summary>
    public bool IsRunning => State is UnitActiveState.Active or UnitActiveState.Reloading;
}
