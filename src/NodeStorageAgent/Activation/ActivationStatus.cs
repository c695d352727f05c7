namespace NodeStorageAgent.Activation;

public enum ActivationStatus
{
    /// <summary>CRI-O restarted and is running the new configuration; it is the new last-known-good.</summary>
    Restarted,

    /// <summary>CRI-O was not running (e.g. at boot, before it starts): files written, nothing started.</summary>
    NotRunningFilesOnly,

    /// <summary>Action <c>none</c>: files written; a restart is pending.</summary>
    Pending,

    /// <summary>systemctl could not tell whether CRI-O runs; files written, nothing restarted.</summary>
    StatusUnknown,

    /// <summary>CRI-O did not come back with the new configuration; the last-known-good was written back and CRI-O
    /// runs with it again. The new digest is marked failed.</summary>
    RolledBack,

    /// <summary>The new configuration failed and so did the rollback (writing it back, or the second restart). The
    /// node needs attention.</summary>
    RollbackFailed,

    /// <summary><c>systemctl reboot</c> was issued (after the request was persisted).</summary>
    RebootRequested,

    /// <summary>A reboot for this configuration was already requested during this boot; waiting for it.</summary>
    RebootPending,

    /// <summary>Not rebooting: the node already rebooted once for this configuration (no boot loops), or the
    /// request could not be persisted.</summary>
    RebootSuppressed,

    /// <summary><c>systemctl reboot</c> failed.</summary>
    RebootFailed,
}
