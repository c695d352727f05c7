using System.Diagnostics;
using System.Globalization;
using NodeStorageAgent.Bench.Agent;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Bench.Daemon;

/// <summary>
/// Failure-to-fallback: a bindfs image store is SIGSTOPped (hung) or SIGKILLed (dead) at a random moment of the probe
/// cycle; measured until storage.conf no longer lists it. Meanwhile <c>node-storage-agent status</c> is run every
/// 200 ms and its wall time recorded.
/// </summary>
internal static class FallbackBench
{
    private const string FuseStore = "/mnt/fuse-images";
    private const string LocalStore = "/mnt/local-images";

    public static int Run(BenchArgs args)
    {
        var trials = args.Int("--trials", 20, 5);
        var interval = args.Seconds("--probe-interval", 1, 1);
        var timeout = args.Seconds("--probe-timeout", 0.5, 0.5);
        using var node = BenchNode.Create();
        BenchNode.MakeImageStore(node.Host(LocalStore));
        node.WriteDesired(BenchNode.Desired([LocalStore, FuseStore], []));
        string[] options =
        [
            "--probe-interval", Format(interval), "--probe-timeout", Format(timeout), "--recover-after", "1",
            "--restart-quiet-period", "0s", "--restart-min-interval", "0s", "--crio-poll-interval", "20ms",
        ];
        Console.WriteLine($"failure-to-fallback: {trials} trials per fault; agent: run {string.Join(' ', options)} (default --fail-after 2)");
        Console.WriteLine($"target: <= probe timeout + one probe interval = {(timeout + interval).TotalMilliseconds:0} ms");
        node.Start(options);

        var statusTimes = new List<double>();
        foreach (var fault in new[] { "SIGSTOP", "SIGKILL" })
        {
            var samples = new List<double>();
            for (var trial = 0; trial < trials; trial++)
            {
                using var store = new BindfsStore(Path.Combine(node.Dir, $"src-{fault}-{trial}"), node.Host(FuseStore));
                BenchNode.WaitUntil(() => node.Status()?.Stores.Any(s => s.Path == FuseStore && s.Health == "healthy" && s.InConfig) == true
                    && node.ReadText(NodePaths.StorageConf).Contains(FuseStore, StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the FUSE store in the config");
                Thread.Sleep(Random.Shared.Next((int)interval.TotalMilliseconds)); // a random phase of the probe cycle

                var watch = Stopwatch.StartNew();
                if (fault == "SIGSTOP")
                {
                    store.Stop();
                }
                else
                {
                    store.Kill();
                }

                var nextStatus = TimeSpan.Zero;
                BenchNode.WaitUntil(() =>
                {
                    if (watch.Elapsed >= nextStatus)
                    {
                        statusTimes.Add(TimeStatus(node));
                        nextStatus = watch.Elapsed + TimeSpan.FromMilliseconds(200);
                    }

                    return !node.ReadText(NodePaths.StorageConf).Contains(FuseStore, StringComparison.Ordinal);
                }, TimeSpan.FromSeconds(60), $"{FuseStore} to leave storage.conf after {fault}");
                samples.Add(watch.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine($"{fault}: {Stats.Summary(samples)}");
        }

        Console.WriteLine($"status CLI wall time while stores fail: {Stats.Summary(statusTimes)}; target < 100 ms: {(Stats.Percentile(statusTimes, 50) < 100 ? "met at p50" : "MISSED at p50")}");
        return 0;
    }

    private static double TimeStatus(BenchNode node)
    {
        var info = new ProcessStartInfo(BenchNode.AgentBinary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "status", "--root", node.Root.HostPath })
        {
            info.ArgumentList.Add(arg);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static string Format(TimeSpan t) => t.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
}
