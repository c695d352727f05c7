using Mono.Unix.Native;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Hosting;

namespace NodeStorageAgent.Apply;

/// <summary>
/// Removes temp files a crash left behind (style §5.5 step 8). Run once at start, before any writer runs: a temp
/// being written right now would look exactly like a stale one.
/// </summary>
public static class TempFileSweeper
{
    /// <summary>
    /// Removes our <c>.nsa-*</c> regular files directly in each of <paramref name="directories"/>, and every regular
    /// file in <paramref name="stagingDirectory"/> (only we write there). Symlinks and directories are left alone.
    /// Missing directories are fine.
    /// </summary>
    public static SweepResult Sweep(IEnumerable<string> directories, string? stagingDirectory)
    {
        var removed = new List<string>();
        var diagnostics = new List<Diagnostic>();
        foreach (var directory in directories)
        {
            SweepDirectory(directory, name => name.StartsWith(NodePaths.TempFilePrefix, StringComparison.Ordinal), removed, diagnostics);
        }

        if (stagingDirectory is not null)
        {
            SweepDirectory(stagingDirectory, _ => true, removed, diagnostics);
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

    private static void SweepDirectory(string directory, Func<string, bool> isOurs, List<string> removed, List<Diagnostic> diagnostics)
    {
        string[] entries;
        try
        {
            entries = Directory.GetFileSystemEntries(directory);
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(ApplyDiagnostics.Warning(ApplyDiagnostics.SweepFailed, $"cannot list for stale temp files: {e.Message}", directory));
            return;
        }

        var any = false;
        foreach (var entry in entries)
        {
            if (!isOurs(Path.GetFileName(entry))
                || PosixFileSystem.Lstat(entry, out var status) is not null
                || status.Kind != PosixFileKind.Regular)
            {
                continue;
            }

            if (PosixFileSystem.Unlink(entry) is { } error && error.Errno != Errno.ENOENT)
            {
                diagnostics.Add(ApplyDiagnostics.Warning(ApplyDiagnostics.SweepFailed, "cannot remove a stale temp file", entry, error));
                continue;
            }

            removed.Add(entry);
            any = true;
        }

        if (any && PosixFileSystem.FsyncDirectory(directory) is { } syncError)
        {
            diagnostics.Add(ApplyDiagnostics.Warning(ApplyDiagnostics.DirectorySyncFailed, "cannot fsync after removing stale temp files", directory, syncError));
        }
    }
}
