namespace NodeStorageAgent.Apply;

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
}
