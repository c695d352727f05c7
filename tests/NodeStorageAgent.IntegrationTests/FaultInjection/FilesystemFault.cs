using System.Diagnostics;

namespace NodeStorageAgent.IntegrationTests.FaultInjection;

/// <summary>
/// A fault mounted over a sandbox directory: a tiny full tmpfs (ENOSPC) or a read-only bind mount (EROFS).
/// <see cref="Relieve"/> removes the fault's cause while the mount stays; Dispose always unmounts.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class FilesystemFault : IDisposable
{
    private readonly string _directory;
    private readonly Action _relieve;
    private bool _mounted = true;

    private FilesystemFault(string directory, Action relieve)
    {
        _directory = directory;
        _relieve = relieve;
    }

    /// <summary>
    /// Mounts a <paramref name="sizeKiB"/> KiB tmpfs over <paramref name="directory"/>, copies the files that were
    /// there into it (so the config keeps its bytes), then fills it up. Relieving deletes the filler.
    /// </summary>
    public static FilesystemFault DiskFull(string directory, int sizeKiB = 64)
    {
        var files = Directory.GetFiles(directory).Select(f => (Name: Path.GetFileName(f), Bytes: File.ReadAllBytes(f), Mode: File.GetUnixFileMode(f))).ToList();
        Run("mount", "-t", "tmpfs", "-o", $"size={sizeKiB}k,mode=0755", "tmpfs", directory);
        var filler = Path.Combine(directory, "filler");
        var fault = new FilesystemFault(directory, () => File.Delete(filler));
        try
        {
            foreach (var (name, bytes, mode) in files)
            {
                File.WriteAllBytes(Path.Combine(directory, name), bytes);
                File.SetUnixFileMode(Path.Combine(directory, name), mode);
            }

            using var stream = new FileStream(filler, FileMode.CreateNew);
            var block = new byte[4096];
            try
            {
                while (true)
                {
                    stream.Write(block);
                    stream.Flush();
                }
            }
            catch (IOException)
            {
                // ENOSPC: the filesystem is full, which is the point.
            }

            return fault;
        }
        catch
        {
            fault.Dispose();
            throw;
        }
    }

    /// <summary>Bind-mounts <paramref name="directory"/> onto itself read-only. Relieving remounts it read-write.</summary>
    public static FilesystemFault ReadOnly(string directory)
    {
        Run("mount", "--bind", directory, directory);
        var fault = new FilesystemFault(directory, () => Run("mount", "-o", "remount,bind,rw", directory, directory));
        try
        {
            Run("mount", "-o", "remount,bind,ro", directory, directory);
            return fault;
        }
        catch
        {
            fault.Dispose();
            throw;
        }
    }

    public void Relieve() => _relieve();

    public void Dispose()
    {
        if (!_mounted)
        {
            return;
        }

        _mounted = false;
        if (TryRun("umount", _directory) != 0)
        {
            TryRun("umount", "-l", _directory);
        }
    }

    private static void Run(string command, params string[] args)
    {
        var rc = TryRun(command, args);
        if (rc != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} exited {rc}");
        }
    }

    private static int TryRun(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit(10_000);
        return process.HasExited ? process.ExitCode : -1;
    }
}
