namespace NodeStorageAgent.Activation;

/// <summary>The answer of <c>systemctl is-active</c> (systemd's <c>ActiveState</c>), or <see cref="Unknown"/>
/// when systemctl itself could not answer.</summary>
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
