using System.ComponentModel;
using System.Diagnostics;

namespace NodeStorageAgent.Probing.Children;

/// <summary>
/// Runs a short-lived tool that may get stuck on a FUSE or network mount. The child is the only thing that ever makes
/// the blocking call, so the agent itself can always exit (a thread stuck on a held FUSE request survives SIGKILL
/// and would keep the agent from exiting: docs/node-findings.md §1.2, §7.2).
/// </summary>
/// <remarks>
/// The child gets a clean environment (<c>LC_ALL=C</c> for parseable messages; no <c>NOTIFY_SOCKET</c>). Waiting is
/// asynchronous, so a stuck child costs a process and two pipes, never a thread. On timeout it gets SIGKILL; if it is
/// still alive after <paramref name="killGrace"/> it is handed back as <see cref="ChildRunStatus.Stuck"/> — or, with
/// <c>killOnTimeout: false</c>, it is handed back alive as <see cref="ChildRunStatus.Overdue"/>. .NET reaps every
/// child it started (SIGCHLD), so nothing turns into a zombie pile.
/// </remarks>
public static class ChildProcessRunner
{
    private const string SafePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static async Task<ChildRun> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        TimeSpan timeout,
        TimeSpan killGrace,
        TimeProvider time,
        CancellationToken cancellationToken,
        bool killOnTimeout = true)
    {
        var start = time.GetTimestamp();
        var process = new Process { StartInfo = CreateStartInfo(fileName, arguments) };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            return new ChildRun(ChildRunStatus.FailedToStart, -1, "", $"{fileName}: {e.Message}", time.GetElapsedTime(start));
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            await Task.WhenAll(stdout, stderr).WaitAsync(deadline.Token).ConfigureAwait(false);
            var run = new ChildRun(ChildRunStatus.Exited, process.ExitCode, stdout.Result, stderr.Result, time.GetElapsedTime(start));
            process.Dispose();
            return run;
        }
        catch (OperationCanceledException) when (!killOnTimeout && !cancellationToken.IsCancellationRequested)
        {
            return new ChildRun(ChildRunStatus.Overdue, -1, "", "", time.GetElapsedTime(start)) { StuckProcess = process };
        }
        catch (OperationCanceledException)
        {
            return await KillAsync(process, killGrace, time, start).ConfigureAwait(false);
        }
    }

    private static async Task<ChildRun> KillAsync(Process process, TimeSpan killGrace, TimeProvider time, long start)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Exited between the timeout and the kill: nothing to kill.
        }

        using var grace = new CancellationTokenSource(killGrace);
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            process.Dispose();
            return new ChildRun(ChildRunStatus.TimedOut, -1, "", "", time.GetElapsedTime(start));
        }
        catch (OperationCanceledException)
        {
            return new ChildRun(ChildRunStatus.Stuck, -1, "", "", time.GetElapsedTime(start)) { StuckProcess = process };
        }
    }

    private static ProcessStartInfo CreateStartInfo(string fileName, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        info.Environment["PATH"] = SafePath;
        info.Environment["LC_ALL"] = "C";
        return info;
    }
}
