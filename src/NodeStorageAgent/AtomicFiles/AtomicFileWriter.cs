using Mono.Unix.Native;
using NodeStorageAgent.Apply;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.AtomicFiles;

/// <summary>
/// Replaces a file so that a reader (or a crash, or a power loss) sees either the old or the new bytes, never a mix
/// and never a partial file: renameio's pending file plus MCO's chmod-before-data plus a directory fsync (google/renameio <c>tempfile.go</c>, MCO <c>pkg/daemon/file_writers.go</c>; docs/upstream.md §9.1, §9.2,
/// D1, D4). Works on host paths; callers resolve node paths through <see cref="NodeRoot"/>.
/// </summary>
/// <remarks>
/// Protocol: temp file <c>.nsa-&lt;name&gt;.&lt;random&gt;</c> created <c>O_EXCL|O_NOFOLLOW</c> in the target's directory (or
/// a staging directory on the same filesystem); owner and mode set before any data; write; fsync; <c>rename(2)</c>;
/// fsync the directory. A failure before the rename unlinks the temp; after the rename nothing is deleted (a new
/// file may already carry the temp's name: renameio <c>Cleanup</c>). All failures are values.
/// <para>Compare-and-swap (<see cref="AtomicWriteOptions.Expected"/>): the target must still be what the caller
/// rendered from when the write starts and again just before the swap. No syscall replaces a file only if it is still
/// a given one, so an editor's rename can land between that last check and ours; the swap is therefore
/// <c>renameat2(RENAME_EXCHANGE)</c>, after which the file we displaced is checked once more and, if it is not the
/// expected one, swapped back (<see cref="FileWriteStatus.Conflict"/>). For those few syscalls our file stands at the
/// target: a <see cref="WriteLease"/> on it makes anyone who opens it then wait for the decision, and after a swap-back
/// it holds the bytes that stand at the target again, so a reader (an editor's read-modify-write) builds on that
/// edit, never on our rejected rendering. An expected absence uses <c>RENAME_NOREPLACE</c>. Where the filesystem has no
/// <c>renameat2</c> flags (EINVAL) the final check is followed by a plain rename, leaving only the window of that one
/// call; where it refuses leases, the swap-back window stays open to readers. Not protected: a writer that rewrites
/// the file in place through a descriptor it opened before our swap, or opened while our file stood there (after a
/// swap-back it writes to our orphaned file); and a third writer whose rename lands between the two exchanges of a
/// swap-back (its file is left under the temp name). Nothing can protect those short of a lock every writer
/// takes.</para>
/// </remarks>
public sealed class AtomicFileWriter
{
    private readonly Action<string>? _beforeCommit;
    private readonly Action<string>? _beforeExchange;
    private readonly Action<string>? _afterExchange;

    public AtomicFileWriter()
    {
    }

    /// <summary>Test seam: <paramref name="beforeCommit"/> runs with the target path once the temp file is complete,
    /// just before the final compare-and-swap check and the rename (to interleave another writer deterministically).</summary>
    internal AtomicFileWriter(Action<string> beforeCommit) => _beforeCommit = beforeCommit;

    /// <summary>Test seams inside the compare-and-swap, each given the target path: <paramref name="beforeExchange"/>
    /// once the final check passed, just before the exchange (the race no check can see); <paramref name="afterExchange"/>
    /// once our file stands at the target, before the file it displaced is looked at.</summary>
    internal AtomicFileWriter(Action<string> beforeExchange, Action<string> afterExchange) => (_beforeExchange, _afterExchange) = (beforeExchange, afterExchange);

    private const uint DirectoryPermissions = 0x1ED; // 0755
    private const uint StagingPermissions = 0x1C0; // 0700
    private const int TempNameAttempts = 8;
    private const int TempSuffixBytes = 6;

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> unless it is already there.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "the writer is passed around as an instance: one seam for every file the agent writes")]
    public FileWriteResult Write(string path, ReadOnlySpan<byte> content, AtomicWriteOptions? options = null)
    {
        options ??= AtomicWriteOptions.KeepExisting;
        var directory = Path.GetDirectoryName(path) ?? "/";

        FileMetadata metadata;
        switch (InspectTarget(path))
        {
            case (TargetState.Failed, _, var failure):
                return failure!;
            case (TargetState.Regular, var status, _):
                metadata = options.Metadata ?? status!.Metadata;
                if (PosixFileSystem.ReadAllNoFollow(path, out var current) is { } readError)
                {
                    return FileWriteResult.Fail(path, ApplyDiagnostics.CannotInspect, "cannot read the current file", readError);
                }

                if (options.Expected is { } expected && Differs(expected, status!, current, ignoreChangeTime: false) is { } why)
                {
                    return FileWriteResult.Conflict(path, why);
                }

                if (content.SequenceEqual(current) && status!.Metadata == metadata)
                {
                    return new FileWriteResult(path, FileWriteStatus.Unchanged);
                }

                break;
            default:
                if (options.Expected is { IsAbsent: false })
                {
                    return FileWriteResult.Conflict(path, "it was removed");
                }

                metadata = options.Metadata ?? options.NewFileMetadata ?? FileMetadata.Default;
                if (EnsureDirectory(directory, DirectoryPermissions, options.Durable) is { } mkdirFailure)
                {
                    return mkdirFailure;
                }

                break;
        }

        var tempDirectory = directory;
        if (options.StagingDirectory is { } staging)
        {
            if (PrepareStaging(staging, directory, path) is { } stagingFailure)
            {
                return stagingFailure;
            }

            tempDirectory = staging;
        }

        return WriteViaTemp(path, tempDirectory, content, metadata, options.Expected, options.Durable, options.Durable && !options.DeferDirectorySync);
    }

    /// <summary>Removes <paramref name="path"/> durably (unlink, then fsync of its directory). A symlink or directory
    /// at the path is refused, as for <see cref="Write"/>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "see Write")]
    public FileWriteResult Delete(string path)
    {
        switch (InspectTarget(path))
        {
            case (TargetState.Failed, _, var failure):
                return failure!;
            case (TargetState.Absent, _, _):
                return new FileWriteResult(path, FileWriteStatus.AlreadyAbsent);
        }

        if (PosixFileSystem.Unlink(path) is { } unlinkError)
        {
            return unlinkError.Errno == Errno.ENOENT
                ? new FileWriteResult(path, FileWriteStatus.AlreadyAbsent)
                : FileWriteResult.Fail(path, ApplyDiagnostics.DeleteFailed, "cannot delete", unlinkError);
        }

        return Durable(path, FileWriteStatus.Deleted);
    }

    /// <summary>Makes the renames in <paramref name="path"/>'s directory durable (fsync of the directory): after writes
    /// with <see cref="AtomicWriteOptions.DeferDirectorySync"/>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "see Write")]
    public FileWriteResult SyncDirectoryOf(string path) => Durable(path, FileWriteStatus.Written);

    /// <summary>The temp name for <paramref name="targetPath"/>; <see cref="TempFileSweeper"/> recognises the prefix.
    /// The suffix only has to differ between attempts: the file is created <c>O_EXCL</c> and a taken name is retried,
    /// and only root can create files where we write, so no cryptographic randomness is needed (and .NET's loads
    /// OpenSSL, 3.8 MB of mappings in an otherwise 16 MiB daemon).</summary>
    internal static string TempFileName(string targetPath)
    {
        Span<byte> suffix = stackalloc byte[TempSuffixBytes];
        Random.Shared.NextBytes(suffix);
        return $"{NodePaths.TempFilePrefix}{Path.GetFileName(targetPath)}.{Convert.ToHexStringLower(suffix)}";
    }

    /// <summary>Whether <paramref name="name"/> has the shape <see cref="TempFileName"/> makes: the prefix, a target
    /// name, a dot and exactly 12 lowercase hex digits.</summary>
    internal static bool IsTempFileName(string name)
    {
        const int suffix = 1 + (2 * TempSuffixBytes);
        if (!name.StartsWith(NodePaths.TempFilePrefix, StringComparison.Ordinal)
            || name.Length < NodePaths.TempFilePrefix.Length + 1 + suffix
            || name[^suffix] != '.')
        {
            return false;
        }

        foreach (var c in name.AsSpan(name.Length - suffix + 1))
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    private FileWriteResult WriteViaTemp(string path, string tempDirectory, ReadOnlySpan<byte> content, FileMetadata metadata, ExpectedFile? expected, bool durable, bool syncDirectory)
    {
        string temp;
        int fd;
        var attempt = 0;
        while (true)
        {
            temp = Path.Combine(tempDirectory, TempFileName(path));
            if (PosixFileSystem.CreateExclusive(temp, out fd) is not { } createError)
            {
                break;
            }

            // EEXIST: a random-name collision (or a stale temp); pick another name.
            if (createError.Errno != Errno.EEXIST || ++attempt == TempNameAttempts)
            {
                return FileWriteResult.Fail(path, ApplyDiagnostics.WriteFailed, "cannot create the temp file", createError);
            }
        }

        // Taken while the new file is still ours alone and owned by us: a lease needs the file's owner or CAP_LEASE,
        // and SetMetadata may give it to the target's owner next. See CompareAndSwap.
        var lease = expected is { IsAbsent: false } ? WriteLease.TryTake(fd) : default;
        PosixFileStatus? ours = null;
        var error = PosixFileSystem.SetMetadata(fd, metadata, temp)
            ?? PosixFileSystem.WriteAll(fd, content, temp)
            // Without this fsync a zero-length file after the rename is a valid outcome of a crash (renameio, Ts'o).
            ?? (durable ? PosixFileSystem.Fsync(fd, temp) : null)
            ?? PosixFileSystem.Fstat(fd, temp, out ours);
        if (error is not null)
        {
            lease.Dispose();
            PosixFileSystem.Close(fd, temp);
            PosixFileSystem.Unlink(temp);
            return FileWriteResult.Fail(path, ApplyDiagnostics.WriteFailed, "cannot write the new file; the old one is unchanged", error);
        }

        _beforeCommit?.Invoke(path);
        FileWriteResult? committed;
        if (expected is { IsAbsent: false })
        {
            // The descriptor stays open for the swap: it carries the lease (see CompareAndSwap). The data is already
            // fsynced, so a failing close afterwards loses nothing.
            committed = CompareAndSwap(temp, fd, path, expected, ours!, lease);
            lease.Dispose();
            PosixFileSystem.Close(fd, temp);
        }
        else if (PosixFileSystem.Close(fd, temp) is { } closeError)
        {
            PosixFileSystem.Unlink(temp);
            return FileWriteResult.Fail(path, ApplyDiagnostics.WriteFailed, "cannot write the new file; the old one is unchanged", closeError);
        }
        else
        {
            committed = expected is null ? Commit(temp, path) : CommitIfAbsent(temp, path);
        }

        return committed ?? (syncDirectory ? Durable(path, FileWriteStatus.Written) : new FileWriteResult(path, FileWriteStatus.Written));
    }

    /// <summary>Renames the finished temp over the target; null when done.</summary>
    private static FileWriteResult? Commit(string temp, string path)
    {
        if (PosixFileSystem.Rename(temp, path) is { } renameError)
        {
            PosixFileSystem.Unlink(temp);
            return FileWriteResult.Fail(path, ApplyDiagnostics.RenameFailed, "cannot rename the temp file over the target", renameError);
        }

        return null;
    }

    /// <summary>Creates the target from the finished temp only while there is still none; null when done.</summary>
    private static FileWriteResult? CommitIfAbsent(string temp, string path) =>
        PosixFileSystem.RenameNoReplace(temp, path) switch
        {
            null => null,
            { Errno: Errno.EEXIST } => Abandon(temp, FileWriteResult.Conflict(path, "it was created")),
            { Errno: Errno.EINVAL or Errno.ENOSYS } => FinalCheck(path, ExpectedFile.Absent) is { } why ? Abandon(temp, FileWriteResult.Conflict(path, why)) : Commit(temp, path),
            { } e => Abandon(temp, FileWriteResult.Fail(path, ApplyDiagnostics.RenameFailed, "cannot rename the temp file to the target", e)),
        };

    /// <summary>Puts the finished temp (open as <paramref name="fd"/>) in place only while the target is still
    /// <paramref name="expected"/> (see the class remarks); null when done.</summary>
    private FileWriteResult? CompareAndSwap(string temp, int fd, string path, ExpectedFile expected, PosixFileStatus ours, WriteLease lease)
    {
        // Until the lease is released, anyone opening our new file waits; see WriteLease.
        if (FinalCheck(path, expected) is { } changed)
        {
            return Abandon(temp, FileWriteResult.Conflict(path, changed));
        }

        _beforeExchange?.Invoke(path);
        switch (PosixFileSystem.RenameExchange(temp, path))
        {
            case null:
                break;
            case { Errno: Errno.EINVAL or Errno.ENOSYS }:
                return Commit(temp, path);
            case { } e:
                return Abandon(temp, FileWriteResult.Fail(path, ApplyDiagnostics.RenameFailed, "cannot swap the temp file with the target", e));
        }

        _afterExchange?.Invoke(path);

        // The temp name now holds the file we displaced, and until we know it is the one we rendered from, our file
        // stands at the target. Under the lease nobody can open it meanwhile; without one the cheapest test goes first
        // (an editor's rename shows as another inode: one lstat). rename(2) updates ctime, so the inode, size, mtime
        // and bytes are what can be compared.
        byte[]? displacedBytes = null;
        var displacedWhy = PosixFileSystem.Lstat(temp, out var displaced) is { } statError
            ? $"cannot inspect the displaced file: {statError}"
            : !lease.Held && expected.Identity is { } id && !SameInode(displaced, id)
                ? "it was replaced by another file"
                : PosixFileSystem.ReadAllNoFollow(temp, out displacedBytes) is { } readError
                    ? $"cannot read the displaced file: {readError}"
                    : Differs(expected, displaced, displacedBytes, ignoreChangeTime: true);
        if (displacedWhy is null)
        {
            PosixFileSystem.Unlink(temp);
            return null;
        }

        SwapBack(temp, path, ours, displaced);
        if (lease.Held)
        {
            // Whoever opened the target while our file stood there is waiting on the lease and will read our file: give
            // it the bytes that stand at the target now (the edit we displaced, or a newer one), so that what they build
            // on is that, not our rejected rendering.
            var now = PosixFileSystem.ReadRegular(path, followSymlink: false, ReadLimits.StateFileBytes, out var atTarget, out _) is null
                ? atTarget
                : displacedBytes;
            if (now is not null)
            {
                PosixFileSystem.Overwrite(fd, now, temp);
            }
        }

        return FileWriteResult.Conflict(path, displacedWhy);
    }

    /// <summary>
    /// Undoes an exchange that displaced someone else's edit. If someone already replaced our file at the target, their
    /// file is newer than the edit we displaced and stays: the displaced edit, superseded, is removed. Otherwise an
    /// exchange puts the displaced edit back and brings ours to the temp name, to be removed; should a replacement of
    /// ours land between that check and the exchange, a second exchange puts the newer file back. Only exchanges are
    /// used: a pause between two of them (preemption, a GC) swaps the two files involved, where a plain rename after
    /// a pause could bury every edit made during it.
    /// </summary>
    private static void SwapBack(string temp, string path, PosixFileStatus ours, PosixFileStatus? displaced)
    {
        if (PosixFileSystem.Lstat(path, out var atTarget) is null && !SameInode(atTarget, ours))
        {
            PosixFileSystem.Unlink(temp);
            return;
        }

        if (PosixFileSystem.RenameExchange(temp, path) is not null || PosixFileSystem.Lstat(temp, out var atTemp) is not null)
        {
            return;
        }

        if (!SameInode(atTemp, ours)
            && (PosixFileSystem.RenameExchange(temp, path) is not null || PosixFileSystem.Lstat(temp, out atTemp) is not null
                || displaced is null || !SameInode(atTemp, displaced)))
        {
            // A third writer got in between the two exchanges: what is at the target stays; the temp name keeps the
            // other file for the sweeper (TempFileSweeper) rather than this guessing which edit wins.
            return;
        }

        PosixFileSystem.Unlink(temp);
    }

    private static FileWriteResult Abandon(string temp, FileWriteResult result)
    {
        PosixFileSystem.Unlink(temp);
        return result;
    }

    /// <summary>Why the target is not <paramref name="expected"/> any more, or null when it still is. The bytes are
    /// read first and the identity looked at last, so that only one lstat stands between the check and the swap.</summary>
    private static string? FinalCheck(string path, ExpectedFile expected)
    {
        var readError = PosixFileSystem.ReadRegular(path, followSymlink: false, ReadLimits.StateFileBytes, out var current, out var read);
        if (readError is { } error)
        {
            return error.Errno == Errno.ENOENT
                ? expected.IsAbsent ? null : "it was removed"
                : PosixFileSystem.Lstat(path, out var what) is null && what.Kind != PosixFileKind.Regular
                    ? $"it is a {what.TypeName} now"
                    : $"cannot read it: {error}";
        }

        if (Differs(expected, read, current, ignoreChangeTime: false) is { } why)
        {
            return why;
        }

        return PosixFileSystem.Lstat(path, out var now) is { } statError
            ? statError.Errno == Errno.ENOENT ? "it was removed" : $"cannot inspect it: {statError}"
            : now.Identity == read.Identity ? null : "it was modified";
    }

    private static string? Differs(ExpectedFile expected, PosixFileStatus status, byte[] current, bool ignoreChangeTime)
    {
        if (expected.IsAbsent)
        {
            return "it was created";
        }

        var id = expected.Identity;
        if (id is not null && (id.Device != status.Device || id.Inode != status.Inode))
        {
            return "it was replaced by another file";
        }

        if (!current.AsSpan().SequenceEqual(expected.Content))
        {
            return "its content changed";
        }

        return id is not null && (id.Size != status.Size || id.ModifiedNanoseconds != status.ModifiedNanoseconds
                || (!ignoreChangeTime && id.ChangedNanoseconds != status.ChangedNanoseconds))
            ? "it was modified"
            : null;
    }

    private static bool SameInode(PosixFileStatus a, PosixFileStatus b) => a.Device == b.Device && a.Inode == b.Inode;

    private static bool SameInode(PosixFileStatus a, FileIdentity b) => a.Device == b.Device && a.Inode == b.Inode;

    private static FileWriteResult Durable(string path, FileWriteStatus status)
    {
        var directory = Path.GetDirectoryName(path) ?? "/";
        return PosixFileSystem.FsyncDirectory(directory) is { } syncError
            ? new FileWriteResult(path, status, ApplyDiagnostics.Warning(
                ApplyDiagnostics.DirectorySyncFailed, "the change is in place but may not survive a power loss", directory, syncError))
            : new FileWriteResult(path, status);
    }

    private enum TargetState
    {
        Absent,
        Regular,
        Failed,
    }

    private static (TargetState State, PosixFileStatus? Status, FileWriteResult? Failure) InspectTarget(string path)
    {
        if (PosixFileSystem.Lstat(path, out var status) is { } error)
        {
            return error.Errno == Errno.ENOENT
                ? (TargetState.Absent, null, null)
                : (TargetState.Failed, null, FileWriteResult.Fail(path, ApplyDiagnostics.CannotInspect, "cannot inspect the target", error));
        }

        return status.Kind switch
        {
            PosixFileKind.Regular => (TargetState.Regular, status, null),
            PosixFileKind.Symlink => (TargetState.Failed, status, FileWriteResult.Fail(path, ApplyDiagnostics.TargetIsSymlink,
                "refusing to replace a symlink (it is not followed; replace or remove it by hand)")),
            _ => (TargetState.Failed, status, FileWriteResult.Fail(path, ApplyDiagnostics.TargetNotRegularFile,
                $"refusing to replace a {status.TypeName} with a file")),
        };
    }

    /// <summary>
    /// The staging directory must be a real directory on the target's filesystem: <c>rename(2)</c> would fail with
    /// EXDEV otherwise, and we never fall back to copying (dotnet/runtime <c>FileSystem.Unix.cs</c> <c>MoveFile</c>: docs/upstream.md §9.3).
    /// </summary>
    private static FileWriteResult? PrepareStaging(string staging, string targetDirectory, string path)
    {
        if (EnsureDirectory(staging, StagingPermissions) is { } failure)
        {
            return failure with { Diagnostic = failure.Diagnostic! with { Code = ApplyDiagnostics.StagingUnusable } };
        }

        if (PosixFileSystem.Lstat(staging, out var stagingStatus) is { } stagingError)
        {
            return FileWriteResult.Fail(path, ApplyDiagnostics.StagingUnusable, $"cannot inspect the staging directory {staging}", stagingError);
        }

        if (PosixFileSystem.Lstat(targetDirectory, out var targetStatus) is { } targetError)
        {
            return FileWriteResult.Fail(path, ApplyDiagnostics.CannotInspect, $"cannot inspect {targetDirectory}", targetError);
        }

        return stagingStatus.Device == targetStatus.Device
            ? null
            : FileWriteResult.Fail(path, ApplyDiagnostics.StagingOtherFilesystem,
                $"refusing to stage in {staging}: it is on another filesystem than {targetDirectory} (st_dev {stagingStatus.Device} != {targetStatus.Device}), so the rename could not be atomic");
    }

    /// <summary>Creates a missing directory (and missing parents), fsyncing each parent so the new entry is durable.
    /// An existing non-directory (or a symlink) is an error.</summary>
    private static FileWriteResult? EnsureDirectory(string directory, uint permissions, bool durable = true)
    {
        if (PosixFileSystem.Lstat(directory, out var status) is not { } error)
        {
            return status.Kind == PosixFileKind.Directory
                ? null
                : FileWriteResult.Fail(directory, ApplyDiagnostics.DirectoryCreateFailed, $"expected a directory, found a {status.Kind.ToString().ToLowerInvariant()}");
        }

        if (error.Errno != Errno.ENOENT)
        {
            return FileWriteResult.Fail(directory, ApplyDiagnostics.DirectoryCreateFailed, "cannot inspect the directory", error);
        }

        var parent = Path.GetDirectoryName(directory.TrimEnd('/')) ?? "/";
        if (EnsureDirectory(parent, DirectoryPermissions, durable) is { } parentFailure)
        {
            return parentFailure;
        }

        if (PosixFileSystem.Mkdir(directory, permissions) is { } mkdirError && mkdirError.Errno != Errno.EEXIST)
        {
            return FileWriteResult.Fail(directory, ApplyDiagnostics.DirectoryCreateFailed, "cannot create the directory", mkdirError);
        }

        return durable && PosixFileSystem.FsyncDirectory(parent) is { } syncError
            ? FileWriteResult.Fail(directory, ApplyDiagnostics.DirectorySyncFailed, "cannot fsync the parent of a new directory", syncError)
            : null;
    }
}
