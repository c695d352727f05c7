namespace NodeStorageAgent.Probing;

public enum StoreHealth
{
    /// <summary>Works as intended.</summary>
    Healthy,

    /// <summary>Safe to keep in the config (containers/storage's start-up stat/open succeeds promptly) but not doing
    /// its job yet; reported as a warning.</summary>
    Degraded,

    /// <summary>Must be left out of the config: CRI-O would fail to start or hang on it.</summary>
    Unhealthy,
}
