using System.Diagnostics;
using System.Text;
using Mono.Unix.Native;
using NodeStorageAgent.Systemd;

namespace NodeStorageAgent.IntegrationTests.Support;

/// <summary>
/// One real <c>node-storage-agent</c> process: output captured (stdout and stderr interleaved), signals by pid, and
/// a Dispose that SIGKILLs and reaps whatever is still running, so a failed test leaves no agent behind.
/// </summary>
internal sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private AgentProcess(Process process, string arguments)
    {
        _process = process;
        Arguments = arguments;
    }

    public int Pid => _process.Id;

    public string Arguments { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="environment">Added to (value) or removed from (null) the inherited environment. The systemd
    /// variables of the test runner itself are never inherited.</param>
    public static AgentProcess Start(string binary, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment, string workingDirectory)
    {
        var info = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in SystemdEnvironment.ScrubbedVariables)
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = info };
        var agent = new AgentProcess(process, string.Join(' ', info.ArgumentList));
        process.OutputDataReceived += (_, e) => agent.Append(e.Data);
        process.ErrorDataReceived += (_, e) => agent.Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return agent;
    }

    public void Signal(Signum signal)
    {
        if (!_process.HasExited)
        {
            _ = Syscall.kill(_process.Id, signal);
        }
    }

    /// <summary>SIGKILL and reap.</summary>
    public void Kill()
    {
        Signal(Signum.SIGKILL);
        _process.WaitForExit(10_000);
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>SIGTERM, then waits up to <paramref name="timeout"/>; returns the exit code and how long it took.
    /// Fails the test (with the agent's output) when it does not exit in time.</summary>
    public (int ExitCode, TimeSpan Elapsed) Terminate(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        Signal(Signum.SIGTERM);
        if (!_process.WaitForExit(timeout))
        {
            Assert.Fail($"agent {Pid} did not exit within {timeout.TotalSeconds}s of SIGTERM\n{Output}");
        }

        _process.WaitForExit();
        return (_process.ExitCode, clock.Elapsed);
    }

    /// <summary>SIGTERM and assert a clean exit 0 within 10 s.</summary>
    public void StopCleanly()
    {
        var (code, _) = Terminate(TimeSpan.FromSeconds(10));
        Assert.True(code == 0, $"agent exited {code} after SIGTERM\n{Output}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }
}
