namespace NodeStorageAgent.Reconcile;

/// <summary>One desired store in status.json.</summary>
public sealed record StoreStatus(
    string Kind,
    string Path,
    string Health,
    string Reason,
    string? Errno,
    double ElapsedMs,
    string Hint,
    bool InConfig);
