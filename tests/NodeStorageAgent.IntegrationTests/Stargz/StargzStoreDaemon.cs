using System.Diagnostics;
using System.Text;
using Mono.Unix.Native;
using NodeStorageAgent.IntegrationTests.Support;

namespace NodeStorageAgent.IntegrationTests.Stargz;

/// <summary>
/// Our stargz-store build serving a real FUSE mount at <see cref="MountPoint"/> (host path), with its cache in
/// <see cref="RootDir"/>, as the shipped unit runs it (<c>stargz-store --root /var/lib/stargz-store
/// /var/lib/stargz-store/store</c>, docs/upstream.md §5.1). Background fetch is off so the bytes a test counts are
/// the ones reads asked for. Kill (crash: stale mount answering ENOTCONN), Stop/Continue (hang) and
/// <see cref="Restart"/>; Dispose always resumes, aborts held requests, unmounts and reaps.
/// </summary>
internal sealed class StargzStoreDaemon : IDisposable
{
    private readonly StringBuilder _log = new();
    private Process _process;

    public StargzStoreDaemon(string rootDir, string mountPoint)
    {
        RootDir = rootDir;
        MountPoint = mountPoint;
        _process = Launch();
    }

    public string RootDir { get; }

    public string MountPoint { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>SIGKILL, like a crashed plugin: the mount stays and answers ENOTCONN.</summary>
    public void Kill()
    {
        Signal(Signum.SIGKILL);
        _process.WaitForExit(5000);
    }

    public void Stop() => Signal(Signum.SIGSTOP);

    public void Continue() => Signal(Signum.SIGCONT);

    /// <summary>What <c>Restart=always</c> plus <c>ExecStopPost=umount</c> do: the stale mount goes, a new daemon mounts.</summary>
    public void Restart()
    {
        Shutdown();
        _process = Launch();
    }

    private Process Launch()
    {
        var info = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var arg in new[] { StargzTools.StargzStore, "-root", RootDir, "-no-background-fetch", "-log-level", "info", MountPoint })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (FuseMount.ReadMounts().At(MountPoint) is not { Source: "stargzstore" })
        {
            if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new InvalidOperationException($"stargz-store did not mount {MountPoint}:\n{Log}");
            }

            Thread.Sleep(20);
        }

        return process;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private void Signal(Signum signal)
    {
        if (!_process.HasExited)
        {
            Syscall.kill(_process.Id, signal);
        }
    }

    private void Shutdown()
    {
        Signal(Signum.SIGCONT);
        if (FuseMount.ReadMounts().At(MountPoint) is { } entry)
        {
            FuseMount.AbortConnection(entry);
            if (Run("fusermount3", "-u", MountPoint) != 0)
            {
                Run("umount", "-l", MountPoint);
            }
        }

        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit(5000);
        _process.Dispose();
    }

    private static int Run(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { UseShellExecute = false, RedirectStandardError = true })!;
        process.WaitForExit(10_000);
        return process.HasExited ? process.ExitCode : -1;
    }

    public void Dispose() => Shutdown();
}
