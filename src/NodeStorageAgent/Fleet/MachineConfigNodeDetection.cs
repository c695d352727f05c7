namespace NodeStorageAgent.Fleet;

/// <summary>Whether a node is managed by the Machine Config Operator, and the file that says so.</summary>
/// <param name="Evidence">The node path whose presence decided it; null when not managed.</param>
public sealed record MachineConfigNodeDetection(bool IsManaged, string? Evidence)
{
    public static MachineConfigNodeDetection NotManaged { get; } = new(false, null);

    public override string ToString() =>
        IsManaged ? $"managed by the Machine Config Operator ({Evidence} exists)" : "not managed by the Machine Config Operator";
}
