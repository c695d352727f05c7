namespace NodeStorageAgent.AtomicFiles;

public enum FileWriteStatus
{
    /// <summary>New bytes are in place (renamed in, directory fsynced).</summary>
    Written,

    /// <summary>Bytes, mode and owner already matched: nothing was touched.</summary>
    Unchanged,

    /// <summary>The file was removed (unlink, directory fsynced).</summary>
    Deleted,

    /// <summary>A delete found nothing to remove.</summary>
    AlreadyAbsent,

    /// <summary>Nothing changed on disk; see the diagnostic.</summary>
    Failed,

    /// <summary>A compare-and-swap write found the target changed since it was read
    /// (<see cref="AtomicWriteOptions.Expected"/>): nothing was written, the temp file is gone; re-read and re-render.
    /// Counts as <see cref="FileWriteResult.Failed"/>, so a caller that does not handle it stops.</summary>
    Conflict,
}
