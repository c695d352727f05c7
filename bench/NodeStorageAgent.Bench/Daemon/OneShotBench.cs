using System.Diagnostics;
using NodeStorageAgent.Bench.Agent;

namespace NodeStorageAgent.Bench.Daemon;

/// <summary>
/// Wall time of the one-shot verbs, each a cold process start: <c>status</c> (reads status.json, which a short
/// daemon run wrote first) and <c>probe</c> of two healthy stores (one image, one artifact store; each probe a child
/// process). <c>--help</c> is the floor: process start and exit with no agent work.
/// </summary>
internal static class OneShotBench
{
    public static int Run(BenchArgs args)
    {
        var trials = args.Int("--trials", 30, 5);
        using var node = BenchNode.Create();
        BenchNode.MakeImageStore(node.Host("/mnt/img-a"));
        BenchNode.MakeArtifactStore(node.Host("/mnt/art-a"));
        node.WriteDesired(BenchNode.Desired(["/mnt/img-a"], ["/mnt/art-a"]));
        // status is timed as an admin runs it: against a running daemon (its status.json and lock are live).
        var daemon = node.Start(["--restart-quiet-period", "0s", "--restart-min-interval", "0s", "--crio-poll-interval", "20ms"]);
        BenchNode.WaitUntil(() => node.Status() is { Generation: 1, PendingActions.Count: 0 }, TimeSpan.FromSeconds(30), "generation 1 applied");

        Console.WriteLine($"agent: {BenchNode.AgentBinary}; {trials} cold starts each");
        Report("--help", Time(trials, ["--help"]));
        Report("status", Time(trials, ["status", "--root", node.Root.HostPath]));
        Report("probe (2 stores)", Time(trials, ["probe", "--root", node.Root.HostPath]));
        daemon.Kill();
        daemon.WaitForExit();
        return 0;
    }

    private static void Report(string verb, List<double> ms) => Console.WriteLine($"{verb,-18} {Stats.Summary(ms)}");

    private static List<double> Time(int trials, string[] args)
    {
        var times = new List<double>(trials);
        for (var i = 0; i < trials; i++)
        {
            var info = new ProcessStartInfo(BenchNode.AgentBinary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            var watch = Stopwatch.StartNew();
            using var process = Process.Start(info)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (process.ExitCode is not (0 or 1))
            {
                throw new InvalidOperationException($"{string.Join(' ', args)} exited {process.ExitCode}");
            }
        }

        return times;
    }
}
