namespace NodeStorageAgent.AtomicFiles;

/// <summary>How <see cref="AtomicFileWriter.Write"/> places one file.</summary>
public sealed record AtomicWriteOptions
{
    public static AtomicWriteOptions KeepExisting { get; } = new();

    /// <summary>Host directory for the temp file instead of the target's directory. Required for anything under
    /// <c>crio.conf.d</c>, which CRI-O parses recursively, whatever the file name (docs/upstream.md §2.4). Created
    /// 0700 when missing; must be on the target's filesystem.</summary>
    public string? StagingDirectory { get; init; }

    /// <summary>Mode and owner to enforce. Null keeps those of the file being replaced, or uses
    /// <see cref="NewFileMetadata"/> for a new file.</summary>
    public FileMetadata? Metadata { get; init; }

    /// <summary>Mode and owner of a file that does not exist yet, when <see cref="Metadata"/> is null.
    /// Null means <see cref="FileMetadata.Default"/> (0644, the agent's user).</summary>
    public FileMetadata? NewFileMetadata { get; init; }

    /// <summary>Compare-and-swap: what the new bytes were rendered from (bytes and identity, or absence, e.g. from
    /// <c>NodeConfigReader.ReadObserved</c> or <see cref="ExpectedFile.Read"/>). The target is replaced only while it
    /// still is exactly that, else the result is <see cref="FileWriteStatus.Conflict"/>. Null: replace whatever is
    /// there.</summary>
    public ExpectedFile? Expected { get; init; }

    /// <summary>False for a file that is only a view of the agent's memory (status.json in /run, the metrics
    /// textfile): still replaced by rename, so a reader sees the old or the new file whole, but without the fsyncs.
    /// After a crash it may be old, new or empty, and the next report rewrites it.</summary>
    public bool Durable { get; init; } = true;

    /// <summary>The file's data is fsynced, but not its directory: the caller makes the rename durable with the next
    /// write in the same directory, which fsyncs it once for both (or with <see cref="AtomicFileWriter.SyncDirectoryOf"/>).</summary>
    public bool DeferDirectorySync { get; init; }

    /// <summary>A view of memory: see <see cref="Durable"/>.</summary>
    public static AtomicWriteOptions View { get; } = new() { Durable = false };
}
