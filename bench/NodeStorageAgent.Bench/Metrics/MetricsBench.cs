using System.Diagnostics;
using NodeStorageAgent.Apply;
using NodeStorageAgent.Bench.Agent;
using NodeStorageAgent.Metrics;
using NodeStorageAgent.Reconcile;

using NodeStorageAgent.StateMachine;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Bench.Metrics;

/// <summary>
/// The cost of the metrics export at the largest size the API allows (25 stores): bytes of the file, one formatting,
/// one report that writes (temp file, fsync, rename, directory fsync), one report the write policy skips.
/// </summary>
internal static class MetricsBench
{
    public static int Run(BenchArgs args)
    {
        var rounds = args.Int("--rounds", 200, 20);
        var root = Directory.CreateTempSubdirectory("nsa-metrics-bench-").FullName;
        try
        {
            var stores = Enumerable.Range(0, 25).Select(i => new StoreStatus(i < 5 ? "layer" : i < 15 ? "image" : "artifact",
                $"/var/lib/store-{i:00}/with/a/realistic/depth", i % 7 == 0 ? "unhealthy" : "healthy", i % 7 == 0 ? "dead-mount" : "ok", null, 3.2, "", i % 7 != 0)).ToList();
            var status = new AgentStatus { Pid = 1, StartedUtc = DateTimeOffset.UtcNow, Health = AgentHealth.Degraded, Generation = 12, LastReconcileUtc = DateTimeOffset.UtcNow, Stores = stores };
            var counters = new AgentCounters();
            var state = new AgentState { Generation = 12, LastRestartUtc = DateTimeOffset.UtcNow };
            var writer = new TextfileMetricsWriter(new NodeRoot(root), new MetricsOptions(), new AtomicFileWriter(), counters, TimeSpan.FromSeconds(60), TimeProvider.System, Serilog.Core.Logger.None);

            var formatUs = Time(rounds * 10, i =>
            {
                counters.ObserveProbe(TimeSpan.FromMilliseconds(i % 50));
                AgentMetricsFormatter.Format(new MetricsInput(status, state, false, counters.Snapshot(), "bench"));
            });
            // Each report changes a store's state, so each one is written.
            var writeUs = Time(rounds, i => writer.Export(status with { Generation = i }, state with { Generation = i }, []));
            // Probes only: the policy skips the write until the next resync.
            var skipUs = Time(rounds * 10, i =>
            {
                counters.ObserveProbe(TimeSpan.FromMilliseconds(3));
                writer.Export(status with { Generation = rounds - 1 }, state with { Generation = rounds - 1 }, []);
            });
            var bytes = new FileInfo(Path.Combine(root, "var/node_exporter/textfile", MetricsOptions.FileName)).Length;

            Console.WriteLine($"metrics file, 25 stores: {bytes} bytes");
            Console.WriteLine($"format:              {Stats.Summary(formatUs)} (µs)".Replace(" (ms)", "", StringComparison.Ordinal));
            Console.WriteLine($"report that writes:  {Stats.Summary(writeUs)} (µs)".Replace(" (ms)", "", StringComparison.Ordinal));
            Console.WriteLine($"report, write skipped: {Stats.Summary(skipUs)} (µs)".Replace(" (ms)", "", StringComparison.Ordinal));
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static List<double> Time(int n, Action<int> action)
    {
        var samples = new List<double>(n);
        for (var i = 0; i < n; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action(i);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        return samples;
    }
}
