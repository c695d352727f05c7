using System.Diagnostics;
using System.Globalization;

namespace NodeStorageAgent.IntegrationTests.Probing;

/// <summary>Starts <see cref="ProbeHost"/> (optionally under a wrapper such as setpriv) and reads its rounds.</summary>
internal sealed class ProbeHostProcess : IDisposable
{
    private readonly Process _process;

    public ProbeHostProcess(IEnumerable<string> hostArgs, params string[] wrapper)
    {
        var command = wrapper.Length > 0 ? wrapper[0] : ProbeHost.Executable;
        var info = new ProcessStartInfo(command) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in wrapper.Skip(1).Concat(wrapper.Length > 0 ? [ProbeHost.Executable] : []).Concat(hostArgs))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment[ProbeHost.Variable] = "1";
        _process = Process.Start(info)!;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Stderr.Add(e.Data); } };
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public List<string> Stderr { get; } = [];

    public Process Process => _process;

    /// <summary>Reads the next round (blocking, with a deadline).</summary>
    public HostRound? ReadRound(TimeSpan deadline)
    {
        var read = Task.Run(() =>
        {
            var header = _process.StandardOutput.ReadLine();
            if (header is null || !header.StartsWith("R ", StringComparison.Ordinal))
            {
                return null;
            }

            var fields = header.Split(' ');
            var results = new List<HostResult>();
            while (_process.StandardOutput.ReadLine() is { } line && line != "E")
            {
                var f = line.Split(' ', 6);
                results.Add(new HostResult(f[1], f[2], f[3] == "-" ? null : f[3], double.Parse(f[4], CultureInfo.InvariantCulture), f[5]));
            }

            return new HostRound(int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture),
                int.Parse(fields[3], CultureInfo.InvariantCulture), results);
        });
        return read.Wait(deadline) ? read.Result : throw new TimeoutException("probe host printed no round; stderr: " + string.Join('\n', Stderr));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit(5000);
        _process.Dispose();
    }
}

internal sealed record HostRound(int Round, int Threads, int Stuck, IReadOnlyList<HostResult> Results);

internal sealed record HostResult(string Health, string Reason, string? Errno, double ElapsedMs, string Path);
