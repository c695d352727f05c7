using NodeStorageAgent.Probing.Paths;

namespace NodeStorageAgent.Probing.Observation;

/// <summary>Everything one probe found out about a store, before classification.</summary>
/// <param name="Directory">Null when the path did not resolve, or the probe timed out or failed.</param>
/// <param name="Pool">stargz-store <c>lstat &lt;mount&gt;/pool</c>, when done.</param>
/// <param name="InChildProcess">Probed by a child process (the store is on a mount that can block).</param>
/// <param name="FuseWaiting">fusectl <c>waiting</c> count of the store's FUSE connection, read after a timeout.</param>
/// <param name="ProbeError">Why the probe could not run.</param>
/// <param name="ReadOnlyMissing">For an image store on a read-only mount: what containers/storage would have to create
/// there and cannot (node-relative entry paths); empty when nothing is missing, null when not checked.</param>
/// <param name="Refused">Set when where the store really is rules it out before any look inside
/// (<c>Paths.StoreLocationCheck</c>).</param>
public sealed record StoreObservation(
    PathResolution Resolution,
    DirectoryObservation? Directory,
    EntryObservation? Pool = null,
    bool InChildProcess = false,
    ProbeTimeout Timeout = ProbeTimeout.None,
    int? FuseWaiting = null,
    string? ProbeError = null,
    Classification.Verdict? Refused = null,
    IReadOnlyList<string>? ReadOnlyMissing = null);

public enum ProbeTimeout
{
    None,

    /// <summary>This probe timed out (its child was killed and reaped, or abandoned as stuck).</summary>
    TimedOut,

    /// <summary>An earlier probe's child is still stuck; no new probe was started.</summary>
    EarlierProbeStuck,
}
