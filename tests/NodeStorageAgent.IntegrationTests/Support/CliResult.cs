using System.Diagnostics;

namespace NodeStorageAgent.IntegrationTests.Support;

/// <summary>A finished one-shot run of the agent binary.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static CliResult Run(string binary, IEnumerable<string> args, string workingDirectory)
    {
        var info = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"{binary} {string.Join(' ', info.ArgumentList)} did not finish within {Timeout.TotalSeconds}s");
        }

        process.WaitForExit();
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
