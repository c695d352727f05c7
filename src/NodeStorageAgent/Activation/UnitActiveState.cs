namespace NodeStorageAgent.Activation;

/// <summary>systemd's <c>ActiveState</c> of a unit, or <see cref="Unknown"/> when systemctl itself could not
/// answer.</summary>
public enum UnitActiveState
{
    Unknown,
    Active,
    Reloading,
    Inactive,
    Failed,
    Activating,
    Deactivating,
    Maintenance,
    Refreshing,
}

public static class UnitActiveStateExtensions
{
    /// <summary>Running: <c>active</c>, or <c>reloading</c> (still running while it re-reads its config).</summary>
    public static bool IsRunning(this UnitActiveState state) => state is UnitActiveState.Active or UnitActiveState.Reloading;
}
