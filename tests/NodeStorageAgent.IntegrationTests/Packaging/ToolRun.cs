using System.Diagnostics;

namespace NodeStorageAgent.IntegrationTests.Packaging;

/// <summary>Runs a real tool (rpm, rpmlint, systemd-analyze, ...) and captures its output.</summary>
internal sealed record ToolRun(int ExitCode, string Stdout, string Stderr)
{
    public static ToolRun Start(string file, IEnumerable<string> args, IDictionary<string, string>? env = null,
        TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish");
        }

        return new ToolRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static ToolRun Start(string file, params string[] args) => Start(file, args, null);

    public ToolRun AssertSuccess()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        return this;
    }
}
