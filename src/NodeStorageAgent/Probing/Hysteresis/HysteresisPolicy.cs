namespace NodeStorageAgent.Probing.Hysteresis;

/// <summary>How many consecutive probes it takes to change a store's place in the config.</summary>
public sealed record HysteresisPolicy
{
    /// <summary>Consecutive unsafe probes before an included store is dropped. Default 2.</summary>
    public int FailuresToDrop { get; init; } = 2;

    /// <summary>Consecutive safe probes before a dropped store is re-added. Default 3.</summary>
    public int SuccessesToReadd { get; init; } = 3;

    public static HysteresisPolicy Default { get; } = new();

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(FailuresToDrop, 1, nameof(FailuresToDrop));
        ArgumentOutOfRangeException.ThrowIfLessThan(SuccessesToReadd, 1, nameof(SuccessesToReadd));
    }
}
