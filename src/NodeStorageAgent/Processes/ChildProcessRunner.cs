using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Mono.Unix.Native;

namespace NodeStorageAgent.Processes;

/// <summary>
/// The one way the agent runs a program (store probes and <c>systemctl</c> alike), with one set of rules: the agent's
/// environment less systemd's per-process variables (a child must never send READY or WATCHDOG for us, which is also
/// why dotnet/runtime#125520 clears NOTIFY_SOCKET), with a fixed PATH and <c>LC_ALL=C</c> for parseable messages; the working directory
/// <c>/</c>, stdin closed, at most <see cref="MaxCapturedChars"/> of each output stream kept (the rest is read and
/// dropped, so a child never blocks on a full pipe), and on timeout SIGTERM → grace → SIGKILL of the whole process
/// tree, all timed on the injected <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Waiting is asynchronous, so a stuck child costs a process and two pipes, never a thread; a child stuck in the kernel
/// on a hung FUSE mount survives SIGKILL (docs/node-findings.md §1.2, §7.2) and is handed back as
/// <see cref="ChildRunStatus.Stuck"/>, so the caller always gets an answer within about timeout + 2 × grace.
/// .NET reaps every child it started (SIGCHLD), so nothing turns into a zombie pile.
/// </remarks>
public sealed class ChildProcessRunner(TimeProvider? time = null)
{
    public const string SafePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>Kept per output stream.</summary>
    public const int MaxCapturedChars = 64 * 1024;

    /// <summary>systemd's variables for this process alone: notify, watchdog and socket activation (systemd.exec(5)).</summary>
    internal static readonly string[] ScrubbedVariables =
        ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES"];

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<ChildRun> RunAsync(ChildRequest request, CancellationToken cancellationToken = default)
    {
        var start = _time.GetTimestamp();
        var process = new Process { StartInfo = StartInfo(request) };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            return new ChildRun(ChildRunStatus.FailedToStart, null, false, "", $"{request.FileName}: {e.Message}", _time.GetElapsedTime(start), e.Message);
        }

        process.StandardInput.Close();
        var stdout = ReadBoundedAsync(process.StandardOutput);
        var stderr = ReadBoundedAsync(process.StandardError);
        if (await WaitAsync(process, request.Timeout, cancellationToken).ConfigureAwait(false))
        {
            // A grandchild may hold the pipes open after the child exited: wait for them at most one grace period.
            await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(request.KillGrace, _time, CancellationToken.None)).ConfigureAwait(false);
            var exited = new ChildRun(ChildRunStatus.Exited, process.ExitCode, false, Result(stdout), Result(stderr), _time.GetElapsedTime(start));
            process.Dispose();
            return exited;
        }

        if (request.OnTimeout == OnTimeout.KeepRunning && !cancellationToken.IsCancellationRequested)
        {
            return new ChildRun(ChildRunStatus.Overdue, null, false, "", "", _time.GetElapsedTime(start)) { StuckProcess = process };
        }

        _ = Syscall.kill(process.Id, Signum.SIGTERM); // ESRCH (already gone) needs no handling
        var killed = false;
        if (!await WaitAsync(process, request.KillGrace, CancellationToken.None).ConfigureAwait(false))
        {
            killed = true;
            KillTree(process);
            if (!await WaitAsync(process, request.KillGrace, CancellationToken.None).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                return new ChildRun(ChildRunStatus.Stuck, null, true, "", "", _time.GetElapsedTime(start)) { StuckProcess = process };
            }
        }

        // Cancelled (the agent is stopping, or a caller's own deadline): the child is gone, and so is the answer.
        cancellationToken.ThrowIfCancellationRequested();

        await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(request.KillGrace, _time, CancellationToken.None)).ConfigureAwait(false);
        var stopped = new ChildRun(ChildRunStatus.TimedOut, process.ExitCode, killed, Result(stdout), Result(stderr), _time.GetElapsedTime(start));
        process.Dispose();
        return stopped;
    }

    private static ProcessStartInfo StartInfo(ChildRequest request)
    {
        var info = new ProcessStartInfo(request.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        foreach (var argument in request.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in ScrubbedVariables)
        {
            info.Environment.Remove(name);
        }

        info.Environment["PATH"] = SafePath;
        info.Environment["LC_ALL"] = "C";
        return info;
    }

    /// <summary>True when the process exited within <paramref name="limit"/>.</summary>
    private async Task<bool> WaitAsync(Process process, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(limit, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return process.HasExited;
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the wait and the kill: nothing left to kill.
        }
        catch (Win32Exception)
        {
            // Some descendant could not be signalled; the direct child still gets SIGKILL.
            _ = Syscall.kill(process.Id, Signum.SIGKILL);
        }
    }

    private static string Result(Task<string> output) => output.IsCompletedSuccessfully ? output.Result : "";

    private static async Task<string> ReadBoundedAsync(StreamReader reader)
    {
        var captured = new StringBuilder();
        var buffer = new char[4096];
        int n;
        while ((n = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            var room = MaxCapturedChars - captured.Length;
            if (room > 0)
            {
                captured.Append(buffer, 0, Math.Min(n, room));
            }
        }

        return captured.ToString();
    }
}
