namespace NodeStorageAgent.Probing.Hysteresis;

/// <summary>Whether a store goes into the rendered config.</summary>
public enum StoreInclusion
{
    Included,
    Excluded,
}
