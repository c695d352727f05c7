using Mono.Unix.Native;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Apply;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.AtomicFiles;

/// <summary>
/// Removes temp files a crash left behind (docs/upstream.md §9.5). Run once at start, before any writer runs: a temp
/// being written right now would look exactly like a stale one.
/// </summary>
/// <remarks>
/// Only names of the exact shape <see cref="AtomicFileWriter.TempFileName"/> makes are removed, and only regular
/// files. Nothing is followed: each directory is opened <c>O_DIRECTORY|O_NOFOLLOW</c> (a symlinked staging directory
/// would otherwise point the sweep at any directory on the node), listed through that descriptor, and every entry is
/// checked with <c>fstatat(AT_SYMLINK_NOFOLLOW)</c> and removed with <c>unlinkat</c> relative to it, so swapping a
/// directory for a symlink mid-sweep changes nothing.
/// </remarks>
public static class TempFileSweeper
{
    /// <summary>
    /// Removes our stale temp files directly in each of <paramref name="directories"/> and in
    /// <paramref name="stagingDirectory"/>. Symlinks, directories and other names are left alone; a directory that is
    /// a symlink is not swept (a warning). Missing directories are fine.
    /// </summary>
    public static SweepResult Sweep(IEnumerable<string> directories, string? stagingDirectory)
    {
        var removed = new List<string>();
        var diagnostics = new List<Diagnostic>();
        foreach (var directory in stagingDirectory is null ? directories : directories.Append(stagingDirectory))
        {
            SweepDirectory(directory, removed, diagnostics);
        }

        return new SweepResult(removed, diagnostics);
    }

    /// <summary>The directories the agent writes to under <paramref name="root"/> (including every directory of the
    /// backup trees, which mirror node paths), and its staging directory.</summary>
    public static SweepResult SweepNode(NodeRoot root) => Sweep(
        [
            root.Resolve(Path.GetDirectoryName(NodePaths.StorageConf)!),
            root.Resolve(NodePaths.CrioConfDir),
            root.Resolve(NodePaths.StateDir),
            .. DirectoriesBelow(root.Resolve(NodePaths.OrigDir)),
            .. DirectoriesBelow(root.Resolve(NodePaths.NoOrigDir)),
        ],
        root.Resolve(NodePaths.CrioStagingDir));

    private static IEnumerable<string> DirectoriesBelow(string directory) =>
        Directory.Exists(directory)
            ? [directory, .. Directory.EnumerateDirectories(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })]
            : [];

    private static void SweepDirectory(string directory, List<string> removed, List<Diagnostic> diagnostics)
    {
        var fd = Syscall.open(directory, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC);
        if (fd < 0)
        {
            var errno = Stdlib.GetLastError();
            if (errno != Errno.ENOENT)
            {
                var why = errno is Errno.ELOOP || (PosixFileSystem.Lstat(directory, out var status) is null && status.Kind == PosixFileKind.Symlink)
                    ? "is a symlink; not followed, not swept for stale temp files"
                    : $"cannot open to sweep for stale temp files ({errno})";
                diagnostics.Add(ApplyDiagnostics.Warning(ApplyDiagnostics.SweepFailed, $"{directory} {why}", directory));
            }

            return;
        }

        try
        {
            SweepOpenDirectory(fd, directory, removed, diagnostics);
        }
        finally
        {
            _ = Syscall.close(fd);
        }
    }

    private static void SweepOpenDirectory(int fd, string directory, List<string> removed, List<Diagnostic> diagnostics)
    {
        string[] names;
        try
        {
            // The magic link names the directory we opened, whatever the path names by now.
            names = Directory.GetFileSystemEntries($"/proc/self/fd/{fd}").Select(Path.GetFileName).ToArray()!;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(ApplyDiagnostics.Warning(ApplyDiagnostics.SweepFailed, $"cannot list for stale temp files: {e.Message}", directory));
            return;
        }

        var any = false;
        foreach (var name in names)
        {
            if (!AtomicFileWriter.IsTempFileName(name)
                || Syscall.fstatat(fd, name, out var stat, AtFlags.AT_SYMLINK_NOFOLLOW) != 0
                || (stat.st_mode & FilePermissions.S_IFMT) != FilePermissions.S_IFREG)
            {
                continue;
            }

            var entry = Path.Combine(directory, name);
            if (Syscall.unlinkat(fd, name, 0) != 0 && Stdlib.GetLastError() is var errno && errno != Errno.ENOENT)
            {
                diagnostics.Add(ApplyDiagnostics.Warning(ApplyDiagnostics.SweepFailed, "cannot remove a stale temp file", entry, new PosixError(errno, "unlinkat", entry)));
                continue;
            }

            removed.Add(entry);
            any = true;
        }

        if (any && PosixFileSystem.Fsync(fd, directory) is { } syncError)
        {
            diagnostics.Add(ApplyDiagnostics.Warning(ApplyDiagnostics.DirectorySyncFailed, "cannot fsync after removing stale temp files", directory, syncError));
        }
    }
}
