using System.Diagnostics;
using System.Text.Json;

namespace NodeStorageAgent.IntegrationTests.Journald;

/// <summary>
/// The real <c>systemd-journald</c>, running alone in a private mount namespace with tmpfs on <c>/run</c> and
/// <c>/var/log</c> (docs/node-findings.md §4), so the host's journal and sockets are never touched. The test process
/// reaches its native socket through <c>/proc/&lt;pid&gt;/root</c>, which resolves paths in journald's namespace, and
/// reads the journal with <c>nsenter -m journalctl</c>. Killing journald ends the namespace and frees the tmpfs.
/// </summary>
internal sealed class StandaloneJournald : IDisposable
{
    public const string Binary = "/lib/systemd/systemd-journald";

    private readonly Process _process;

    private StandaloneJournald(Process process) => _process = process;

    /// <summary>The native socket, as seen from outside the namespace.</summary>
    public string SocketPath => $"/proc/{_process.Id}/root/run/systemd/journal/socket";

    /// <summary>journald's pid, for <c>nsenter --target PID --mount</c>: a process run that way sees this journald
    /// at the real <c>/run/systemd/journal/socket</c>.</summary>
    public int Pid => _process.Id;

    public static StandaloneJournald Start()
    {
        // unshare execs bash, which execs journald: the pid we hold is journald's.
        var start = new ProcessStartInfo("unshare")
        {
            ArgumentList =
            {
                "-m", "--propagation", "private", "/bin/bash", "-c",
                "set -e; mount -t tmpfs tmpfs /run; mount -t tmpfs tmpfs /var/log; mkdir -p /run/systemd/journal; exec " + Binary,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in new[] { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_PID", "LISTEN_FDS" })
        {
            start.Environment.Remove(name);
        }

        var journald = new StandaloneJournald(Process.Start(start)!);
        try
        {
            journald.WaitFor(() => File.Exists(journald.SocketPath), TimeSpan.FromSeconds(10), "journald's native socket");
            return journald;
        }
        catch
        {
            journald.Dispose();
            throw;
        }
    }

    /// <summary><c>journalctl -o json --all MATCH…</c> inside the namespace, one parsed object per entry.</summary>
    public IReadOnlyList<JsonElement> Query(params string[] matches)
    {
        var start = new ProcessStartInfo("nsenter")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-t", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "-m", "journalctl", "-o", "json", "--all", "--no-pager" }.Concat(matches))
        {
            start.ArgumentList.Add(argument);
        }

        using var journalctl = Process.Start(start)!;
        var stderr = journalctl.StandardError.ReadToEndAsync();
        var output = journalctl.StandardOutput.ReadToEnd();
        journalctl.WaitForExit();
        Assert.True(journalctl.ExitCode == 0, $"journalctl rc {journalctl.ExitCode}: {stderr.Result}");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    /// <summary>Polls until journald has written an entry matching <paramref name="matches"/>.</summary>
    public JsonElement WaitForEntry(params string[] matches)
    {
        IReadOnlyList<JsonElement> entries = [];
        WaitFor(() => (entries = Query(matches)).Count > 0, TimeSpan.FromSeconds(10), "journal entry " + string.Join(' ', matches));
        return Assert.Single(entries);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
        _process.Dispose();
    }

    private void WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"journald exited ({_process.ExitCode}) before {what}: {_process.StandardError.ReadToEnd()}");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"no {what} after {timeout}");
            }

            Thread.Sleep(20);
        }
    }
}
