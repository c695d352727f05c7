using NodeStorageAgent.DesiredState;

namespace NodeStorageAgent.Probing;

/// <summary>The verdict on one store from one probe.</summary>
/// <param name="Errno">errno name (<c>ENOTCONN</c>) when a system call failed.</param>
/// <param name="Elapsed">Wall time of this probe (0 when a stuck earlier probe was reported instead of a new one).</param>
/// <param name="Hint">One line for a human: what was found and what to do.</param>
/// <param name="ResolvedPath">Node path the store resolves to (symlinks followed), when known.</param>
public sealed record StoreProbeResult(
    StoreSpec Store,
    StoreHealth Health,
    ProbeReason Reason,
    string? Errno,
    TimeSpan Elapsed,
    string Hint,
    string? ResolvedPath)
{
    /// <summary>May go into the config.</summary>
    public bool IsSafe => Health != StoreHealth.Unhealthy;
}
