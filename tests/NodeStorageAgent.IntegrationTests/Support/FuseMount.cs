using System.Diagnostics;
using Mono.Unix.Native;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.Probing.Mounts;
using NodeStorageAgent.TestSupport;

namespace NodeStorageAgent.IntegrationTests.Support;

/// <summary>
/// A real FUSE mount over a temp dir, served by bindfs or the fusepy chaos fixture, and everything needed to make it
/// hang (SIGSTOP, chaos "hang"), die (SIGKILL) or fail (chaos "eio"). Dispose always cleans up, whatever state the
/// test left it in: resume, fusectl abort for held requests, unmount (lazily if need be), reap the daemon.
/// </summary>
internal sealed class FuseMount : IDisposable
{
    private readonly Process _daemon;
    private readonly string? _control;
    private readonly bool _ownsDir;

    private FuseMount(string dir, string source, string mountPoint, Process daemon, string? control, bool ownsDir = true)
    {
        Dir = dir;
        _ownsDir = ownsDir;
        Source = source;
        MountPoint = mountPoint;
        _daemon = daemon;
        _control = control;
    }

    /// <summary>Temp dir holding source, mount point and anything else the test creates (for <see cref="BindfsAt"/>:
    /// the mount point's parent, which belongs to the caller and is not deleted).</summary>
    public string Dir { get; }

    public string Source { get; }

    public string MountPoint { get; }

    public int DaemonPid => _daemon.Id;

    public MountInfoEntry Entry => ReadMounts().At(MountPoint) ?? throw new InvalidOperationException($"{MountPoint} is not mounted");

    /// <summary><c>setsid bindfs -f src mnt</c> (docs/node-findings.md §1.1). <paramref name="mountPointName"/> may hold spaces.</summary>
    public static FuseMount Bindfs(Action<string>? populate = null, string mountPointName = "mnt", params string[] options)
    {
        var dir = Directory.CreateTempSubdirectory("nsa-fuse-").FullName;
        var (source, mountPoint) = Prepare(dir, mountPointName, populate);
        return Start(dir, source, mountPoint, null, "bindfs", [.. options, "-f", source, mountPoint]);
    }

    /// <summary>
    /// <c>setsid bindfs -f source mountPoint</c> at a place the caller chose (e.g. a node path under an agent sandbox).
    /// Both directories are created if missing and left behind on dispose (only the mount goes away).
    /// </summary>
    public static FuseMount BindfsAt(string source, string mountPoint)
    {
        Directory.CreateDirectory(source);
        Directory.CreateDirectory(mountPoint);
        return Start(Path.GetDirectoryName(mountPoint)!, source, mountPoint, null, "bindfs", ["-f", source, mountPoint], ownsDir: false);
    }

    /// <summary>Mounts bindfs again over the same source and mount point (a plugin restarted after a crash); a dead
    /// mount still there is unmounted first.</summary>
    public FuseMount Remount()
    {
        if (ReadMounts().At(MountPoint) is not null)
        {
            Unmount();
        }

        return BindfsAt(Source, MountPoint);
    }

    /// <summary>The fusepy chaos fixture (docs/node-findings.md §1.4), starting in mode "ok".</summary>
    public static FuseMount Chaos(Action<string>? populate = null)
    {
        Prerequisites.Require(File.Exists("/usr/bin/python3"), "/usr/bin/python3");
        Prerequisites.Require(File.Exists("/usr/lib/python3/dist-packages/fusepy.py"), "python3-fusepy (Debian package)");
        var dir = Directory.CreateTempSubdirectory("nsa-chaos-").FullName;
        var (source, mountPoint) = Prepare(dir, "mnt", populate);
        var control = Path.Combine(dir, "ctl");
        File.WriteAllText(control, "ok\n");
        var script = Path.Combine(SharedData.RepoRoot, "tests", "NodeStorageAgent.IntegrationTests", "Fixtures", "chaosfs.py");
        return Start(dir, source, mountPoint, control, "/usr/bin/python3", [script, source, mountPoint, control]);
    }

    public void SetMode(string mode) =>
        File.WriteAllText(_control ?? throw new InvalidOperationException("not a chaos mount"), mode + "\n");

    public void Stop() => Signal(Signum.SIGSTOP);

    public void Continue() => Signal(Signum.SIGCONT);

    /// <summary>SIGKILL the daemon (a crashed plugin): the mount stays and answers ENOTCONN.</summary>
    public void KillDaemon()
    {
        Signal(Signum.SIGKILL);
        _daemon.WaitForExit(5000);
    }

    /// <summary><c>fusermount3 -u</c>, leaving the bare mount point directory behind.</summary>
    public void Unmount()
    {
        if (Run("fusermount3", "-u", MountPoint) != 0)
        {
            Run("umount", "-l", MountPoint);
        }
    }

    public static MountTable ReadMounts() => MountInfoParser.Parse(File.ReadAllText("/proc/self/mountinfo"));

    public void Dispose()
    {
        if (_control is not null)
        {
            SetMode("ok");
        }

        Signal(Signum.SIGCONT);
        if (ReadMounts().At(MountPoint) is { } entry)
        {
            AbortConnection(entry);
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
        if (_ownsDir)
        {
            Directory.Delete(Dir, recursive: true);
        }
    }

    /// <summary>fusectl abort frees callers stuck on a request the daemon holds (docs/node-findings.md §1.2).</summary>
    public static void AbortConnection(MountInfoEntry entry)
    {
        var waiting = $"/sys/fs/fuse/connections/{entry.Minor}/waiting";
        if (entry.IsFuse && File.Exists(waiting) && File.ReadAllText(waiting).Trim() != "0")
        {
            File.WriteAllText($"/sys/fs/fuse/connections/{entry.Minor}/abort", "1");
        }
    }

    private static (string Source, string MountPoint) Prepare(string dir, string mountPointName, Action<string>? populate)
    {
        var source = Path.Combine(dir, "src");
        var mountPoint = Path.Combine(dir, mountPointName);
        Directory.CreateDirectory(source);
        Directory.CreateDirectory(mountPoint);
        populate?.Invoke(source);
        return (source, mountPoint);
    }

    private static FuseMount Start(string dir, string source, string mountPoint, string? control, string command, string[] args, bool ownsDir = true)
    {
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(command);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var daemon = Process.Start(info)!;
        daemon.OutputDataReceived += (_, _) => { };
        daemon.ErrorDataReceived += (_, _) => { };
        daemon.BeginOutputReadLine();
        daemon.BeginErrorReadLine();
        var mount = new FuseMount(dir, source, mountPoint, daemon, control, ownsDir);
        try
        {
            var deadline = Stopwatch.StartNew();
            while (ReadMounts().At(mountPoint) is null)
            {
                if (daemon.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(10))
                {
                    throw new InvalidOperationException($"{command} did not mount {mountPoint}");
                }

                Thread.Sleep(10);
            }

            return mount;
        }
        catch
        {
            mount.Dispose();
            throw;
        }
    }

    private void Signal(Signum signal)
    {
        if (!_daemon.HasExited)
        {
            Syscall.kill(_daemon.Id, signal);
        }
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
