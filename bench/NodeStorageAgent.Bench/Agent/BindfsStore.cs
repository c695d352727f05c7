using System.Diagnostics;
using Mono.Unix.Native;

namespace NodeStorageAgent.Bench.Agent;

/// <summary>A bindfs FUSE mount of an overlay image store; Dispose resumes, aborts, unmounts and reaps, whatever happened.</summary>
internal sealed class BindfsStore : IDisposable
{
    private readonly Process _daemon;

    public BindfsStore(string source, string mountPoint)
    {
        MountPoint = mountPoint;
        BenchNode.MakeImageStore(source);
        Directory.CreateDirectory(mountPoint);
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "bindfs", "-f", source, mountPoint })
        {
            info.ArgumentList.Add(arg);
        }

        _daemon = Process.Start(info)!;
        BenchNode.WaitUntil(() => Mounted() is not null, TimeSpan.FromSeconds(10), $"bindfs on {mountPoint}");
    }

    public string MountPoint { get; }

    public void Stop() => Syscall.kill(_daemon.Id, Signum.SIGSTOP);

    public void Continue() => Syscall.kill(_daemon.Id, Signum.SIGCONT);

    public void Kill() => Syscall.kill(_daemon.Id, Signum.SIGKILL);

    public void Dispose()
    {
        Continue();
        if (Mounted() is { } minor)
        {
            var waiting = $"/sys/fs/fuse/connections/{minor}/waiting";
            if (File.Exists(waiting) && File.ReadAllText(waiting).Trim() != "0")
            {
                File.WriteAllText($"/sys/fs/fuse/connections/{minor}/abort", "1");
            }

            if (Run("fusermount3", "-u", MountPoint) != 0)
            {
                Run("umount", "-l", MountPoint);
            }
        }

        if (!_daemon.HasExited)
        {
            _daemon.Kill();
        }

        _daemon.WaitForExit(5000);
        _daemon.Dispose();
    }

    /// <summary>The FUSE connection's minor number while <see cref="MountPoint"/> is mounted, else null.</summary>
    private string? Mounted()
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4 && fields[4] == MountPoint)
            {
                return fields[2].Split(':')[1];
            }
        }

        return null;
    }

    private static int Run(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        process.WaitForExit(10_000);
        return process.HasExited ? process.ExitCode : -1;
    }
}
