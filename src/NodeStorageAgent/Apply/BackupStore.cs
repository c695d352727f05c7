using Mono.Unix.Native;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Apply;

/// <summary>
/// Keeps each node file as it was before our first change, so <c>node-storage-agent uninstall</c> can put the node
/// back: the original under <see cref="NodePaths.OrigDir"/> (bytes, mode and owner), or a "did not exist" stamp under
/// <see cref="NodePaths.NoOrigDir"/> (MCO <c>pkg/daemon/file_writers.go</c> <c>createOrigFile</c>).
/// </summary>
public sealed class BackupStore(NodeRoot root, AtomicFileWriter writer)
{
    /// <summary>Keeps the original of <paramref name="nodePath"/> unless one (or a stamp) is already kept.
    /// Returns an error diagnostic when it cannot; the caller must then not change the file.</summary>
    public Diagnostic? EnsureOriginal(string nodePath)
    {
        if (HasBackup(nodePath))
        {
            return null;
        }

        var target = root.Resolve(nodePath);
        if (PosixFileSystem.Lstat(target, out var status) is { } statError)
        {
            if (statError.Errno != Errno.ENOENT)
            {
                return ApplyDiagnostics.Error(ApplyDiagnostics.BackupFailed, "cannot inspect the file to back it up", target, statError);
            }

            var stamp = writer.Write(NoOrigPath(nodePath), [], new AtomicWriteOptions { Metadata = FileMetadata.Private });
            return stamp.Failed ? Wrap(stamp, "cannot write the did-not-exist stamp") : null;
        }

        if (status.Kind != PosixFileKind.Regular)
        {
            return ApplyDiagnostics.Error(ApplyDiagnostics.BackupFailed, $"cannot back up a {status.Kind.ToString().ToLowerInvariant()}", target);
        }

        if (PosixFileSystem.ReadAllNoFollow(target, out var content) is { } readError)
        {
            return ApplyDiagnostics.Error(ApplyDiagnostics.BackupFailed, "cannot read the file to back it up", target, readError);
        }

        var copy = writer.Write(OrigPath(nodePath), content, new AtomicWriteOptions { Metadata = status.Metadata });
        return copy.Failed ? Wrap(copy, "cannot keep the original") : null;
    }

    /// <summary>The file as it was before our first change: false when nothing is kept (we never changed it);
    /// <paramref name="content"/> null when it did not exist then.</summary>
    public bool TryGetOriginal(string nodePath, out byte[]? content)
    {
        content = null;
        if (PosixFileSystem.Lstat(NoOrigPath(nodePath), out _) is null)
        {
            return true;
        }

        if (PosixFileSystem.ReadAllNoFollow(OrigPath(nodePath), out var bytes) is not null)
        {
            return false;
        }

        content = bytes;
        return true;
    }

    public bool HasBackup(string nodePath) =>
        PosixFileSystem.Lstat(OrigPath(nodePath), out _) is null || PosixFileSystem.Lstat(NoOrigPath(nodePath), out _) is null;

    /// <summary>
    /// Puts every kept original back (bytes, mode, owner) and deletes every file that did not exist before us, then
    /// drops the backup. Idempotent: a crash half-way is finished by running it again; a second run finds nothing.
    /// </summary>
    /// <param name="restoreWhole">False for a file the caller has already put right itself (e.g. storage.conf an
    /// admin edited after our last write: only our entries come out of it); its backup is dropped, the file left.</param>
    public RestoreResult RestoreOriginals(Func<string, bool>? restoreWhole = null)
    {
        restoreWhole ??= _ => true;
        var restored = new List<string>();
        var deleted = new List<string>();
        var diagnostics = new List<Diagnostic>();

        foreach (var (nodePath, backup) in KeptFiles(NodePaths.OrigDir))
        {
            if (!restoreWhole(nodePath))
            {
                Finish(new FileWriteResult(nodePath, FileWriteStatus.Unchanged), backup, diagnostics);
                continue;
            }

            var target = root.Resolve(nodePath);
            var status = default(PosixFileStatus);
            var content = Array.Empty<byte>();
            if ((PosixFileSystem.Lstat(backup, out status) ?? PosixFileSystem.ReadAllNoFollow(backup, out content)) is { } readError)
            {
                diagnostics.Add(ApplyDiagnostics.Error(ApplyDiagnostics.RestoreFailed, "cannot read the kept original", backup, readError));
                continue;
            }

            var result = writer.Write(target, content, StagingPolicy.OptionsFor(root, nodePath, metadata: status.Metadata));
            if (Finish(result, backup, diagnostics))
            {
                restored.Add(nodePath);
            }
        }

        foreach (var (nodePath, stamp) in KeptFiles(NodePaths.NoOrigDir))
        {
            if (!restoreWhole(nodePath))
            {
                Finish(new FileWriteResult(nodePath, FileWriteStatus.Unchanged), stamp, diagnostics);
                continue;
            }

            if (Finish(writer.Delete(root.Resolve(nodePath)), stamp, diagnostics))
            {
                deleted.Add(nodePath);
            }
        }

        return new RestoreResult(restored, deleted, diagnostics);
    }

    /// <summary>Drops the backup once the node file is back; on failure keeps it for the next run.</summary>
    private bool Finish(FileWriteResult result, string backup, List<Diagnostic> diagnostics)
    {
        if (result.Diagnostic is { } diagnostic)
        {
            diagnostics.Add(result.Failed ? diagnostic with { Code = ApplyDiagnostics.RestoreFailed } : diagnostic);
        }

        if (result.Failed)
        {
            return false;
        }

        var drop = writer.Delete(backup);
        if (drop.Diagnostic is { } dropDiagnostic)
        {
            diagnostics.Add(dropDiagnostic);
        }

        return true;
    }

    private List<(string NodePath, string HostPath)> KeptFiles(string keptUnder)
    {
        var directory = root.Resolve(keptUnder);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(file => !Path.GetFileName(file).StartsWith(NodePaths.TempFilePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(file => (NodePath: file[directory.TrimEnd('/').Length..], HostPath: file))
            .ToList();
    }

    private string OrigPath(string nodePath) => root.Resolve(NodePaths.OrigDir + nodePath);

    private string NoOrigPath(string nodePath) => root.Resolve(NodePaths.NoOrigDir + nodePath);

    private static Diagnostic Wrap(FileWriteResult result, string what) =>
        result.Diagnostic! with { Code = ApplyDiagnostics.BackupFailed, Message = $"{what}: {result.Diagnostic!.Message}" };
}
