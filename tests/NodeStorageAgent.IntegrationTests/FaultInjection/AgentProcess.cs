using System.Diagnostics;
using Mono.Unix.Native;

namespace NodeStorageAgent.IntegrationTests.FaultInjection;

/// <summary>The real agent binary running as a child; Dispose stops it (SIGTERM, then SIGKILL) and reaps it.</summary>
internal sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _stderr = [];

    public AgentProcess(IReadOnlyList<string> argv)
    {
        var info = new ProcessStartInfo(argv[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in argv.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool IsRunning => !_process.HasExited;

    public string StderrText
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Syscall.kill(_process.Id, Signum.SIGTERM);
            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }
        }

        _process.WaitForExit(5000);
        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stderr)
        {
            _stderr.Add(line);
        }
    }
}
