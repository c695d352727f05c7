using System.Diagnostics;

namespace NodeStorageAgent.IntegrationTests.Stargz;

/// <summary>One run of a real tool with a hard time limit: a run that overstays it is killed (whole tree) and
/// reported as <see cref="TimedOut"/>, never waited on further.</summary>
internal sealed record BoundedRun(int ExitCode, string Stdout, string Stderr, bool TimedOut, TimeSpan Took)
{
    public static BoundedRun Start(string file, IEnumerable<string> args, TimeSpan limit, IReadOnlyDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
            return new BoundedRun(-1, Finished(stdout), Finished(stderr), true, clock.Elapsed);
        }

        process.WaitForExit();
        return new BoundedRun(process.ExitCode, stdout.Result, stderr.Result, false, clock.Elapsed);
    }

    public bool Succeeded => !TimedOut && ExitCode == 0;

    public BoundedRun AssertSuccess(string what)
    {
        Assert.True(Succeeded, $"{what}: {this}");
        return this;
    }

    public override string ToString() =>
        $"{(TimedOut ? "timed out" : $"exit {ExitCode}")} after {Took.TotalSeconds:F1} s\nstdout: {Stdout}\nstderr: {Stderr}";

    private static string Finished(Task<string> output) => output.Wait(TimeSpan.FromSeconds(2)) ? output.Result : "(output still open)";
}
