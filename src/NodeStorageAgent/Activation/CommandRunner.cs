using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Mono.Unix.Native;

namespace NodeStorageAgent.Activation;

/// <summary>
/// Runs a program with a timeout: SIGTERM when it expires, SIGKILL (whole process tree) after the grace period, and
/// then stops waiting, even for a process stuck in the kernel on a hung FUSE mount (docs/node-findings.md §7.2, §7.4): the
/// caller always gets an answer within roughly timeout + grace + <see cref="ReapWait"/>.
/// </summary>
/// <remarks>Children never inherit the systemd notify/watchdog/socket-activation variables: a child must not be able
/// to send READY or WATCHDOG for us (dotnet PR #125520 clears NOTIFY_SOCKET for the same reason: docs/upstream.md §9.7).</remarks>
public sealed class CommandRunner(TimeProvider? time = null) : ICommandRunner
{
    public static readonly TimeSpan DefaultKillGrace = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for exit after SIGKILL, and for the output pipes after exit (a grandchild may hold
    /// them open).</summary>
    public static readonly TimeSpan ReapWait = TimeSpan.FromSeconds(2);

    /// <summary>Captured per stream; the rest is read and dropped so the child never blocks on a full pipe.</summary>
    public const int MaxCapturedChars = 64 * 1024;

    internal static readonly string[] ScrubbedVariables =
        ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES"];

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken = default)
    {
        var start = _time.GetTimestamp();
        using var process = new Process { StartInfo = StartInfo(request) };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            return new CommandResult(request, null, false, false, "", "", _time.GetElapsedTime(start), e.Message);
        }

        process.StandardInput.Close();
        var stdout = ReadBoundedAsync(process.StandardOutput);
        var stderr = ReadBoundedAsync(process.StandardError);

        bool exited;
        using (var timeout = new CancellationTokenSource(request.Timeout, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken))
        {
            exited = await WaitForExitAsync(process, linked.Token).ConfigureAwait(false);
        }

        var timedOut = !exited;
        var killed = false;
        if (!exited)
        {
            Signal(process, Signum.SIGTERM);
            exited = await WaitForExitAsync(process, request.KillGrace ?? DefaultKillGrace).ConfigureAwait(false);
            if (!exited)
            {
                killed = true;
                KillTree(process);
                exited = await WaitForExitAsync(process, ReapWait).ConfigureAwait(false);
            }
        }

        var output = Task.WhenAll(stdout, stderr);
        await Task.WhenAny(output, Task.Delay(ReapWait, _time, CancellationToken.None)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        return new CommandResult(
            request,
            exited ? process.ExitCode : null,
            timedOut,
            killed,
            stdout.IsCompletedSuccessfully ? stdout.Result : "",
            stderr.IsCompletedSuccessfully ? stderr.Result : "",
            _time.GetElapsedTime(start));
    }

    private static ProcessStartInfo StartInfo(CommandRequest request)
    {
        var info = new ProcessStartInfo(request.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in request.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in ScrubbedVariables)
        {
            info.Environment.Remove(name);
        }

        return info;
    }

    private async Task<bool> WaitForExitAsync(Process process, TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit, _time);
        return await WaitForExitAsync(process, cts.Token).ConfigureAwait(false);
    }

    private static async Task<bool> WaitForExitAsync(Process process, CancellationToken token)
    {
        try
        {
            await process.WaitForExitAsync(token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return process.HasExited;
        }
    }

    private static void Signal(Process process, Signum signal)
    {
        // ESRCH (already gone) is the only expected failure and needs no handling.
        _ = Syscall.kill(process.Id, signal);
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
            Signal(process, Signum.SIGKILL);
        }
    }

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
