using Mono.Unix.Native;

namespace NodeStorageAgent.Probing.Observation;

/// <summary>
/// Examines a store directory in-process. Only for directories on local filesystems with no blocking mount at the
/// well-known entries: the caller (<see cref="StoreProber"/>) decides that from the mount table.
/// </summary>
public static class LocalDirectoryProbe
{
    public static DirectoryObservation Observe(string hostPath)
    {
        if (Syscall.stat(hostPath, out var stat) != 0)
        {
            return DirectoryObservation.StatFailed(Stdlib.GetLastError().ToString());
        }

        if (!IsDirectory(stat))
        {
            return DirectoryObservation.NotADirectory;
        }

        var readable = Syscall.access(hostPath, AccessModes.R_OK) == 0;
        var searchable = Syscall.access(hostPath, AccessModes.X_OK) == 0;
        var (count, names, readDirErrno) = ReadDirectory(hostPath);
        var entries = new Dictionary<string, EntryObservation>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            entries[name] = ObserveEntry(Path.Combine(hostPath, name));
        }

        return new DirectoryObservation(null, true, readable, searchable, readDirErrno, count, entries);
    }

    public static EntryObservation ObserveEntry(string hostPath)
    {
        if (Syscall.stat(hostPath, out var stat) != 0)
        {
            return EntryObservation.Failed(Stdlib.GetLastError().ToString());
        }

        return new EntryObservation(
            TypeLetter(stat),
            Syscall.access(hostPath, AccessModes.R_OK) == 0,
            Syscall.access(hostPath, AccessModes.X_OK) == 0);
    }

    /// <summary>Counts entries and picks out the well-known ones from d_name alone (no per-entry stat).</summary>
    private static (int Count, List<string> Known, string? Errno) ReadDirectory(string hostPath)
    {
        var dir = Syscall.opendir(hostPath);
        if (dir == IntPtr.Zero)
        {
            return (0, [], Stdlib.GetLastError().ToString());
        }

        try
        {
            var count = 0;
            var known = new List<string>();
            System.Runtime.InteropServices.Marshal.SetLastPInvokeError(0);
            while (Syscall.readdir(dir) is { } entry)
            {
                if (entry.d_name is "." or "..")
                {
                    continue;
                }

                count++;
                if (StoreEntryNames.InDirectory.Contains(entry.d_name))
                {
                    known.Add(entry.d_name);
                }
            }

            var errno = Stdlib.GetLastError();
            return (count, known, errno == 0 ? null : errno.ToString());
        }
        finally
        {
            _ = Syscall.closedir(dir); // the listing is done; nothing to do if closing the stream fails
        }
    }

    private static bool IsDirectory(Stat stat) => (stat.st_mode & FilePermissions.S_IFMT) == FilePermissions.S_IFDIR;

    private static char TypeLetter(Stat stat) => (stat.st_mode & FilePermissions.S_IFMT) switch
    {
        FilePermissions.S_IFDIR => 'd',
        FilePermissions.S_IFREG => 'f',
        FilePermissions.S_IFLNK => 'l',
        FilePermissions.S_IFSOCK => 's',
        FilePermissions.S_IFIFO => 'p',
        FilePermissions.S_IFCHR => 'c',
        FilePermissions.S_IFBLK => 'b',
        _ => 'U',
    };
}
