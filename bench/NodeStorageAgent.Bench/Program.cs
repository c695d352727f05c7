using NodeStorageAgent.Bench.Agent;
using NodeStorageAgent.Bench.Daemon;
using NodeStorageAgent.Bench.Metrics;
using NodeStorageAgent.Bench.Toml;

// The daemon benchmarks drive Linux-only pieces (FUSE, /proc, sd_notify).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// Benchmarks, one subcommand each: dotnet run -c Release --project bench/NodeStorageAgent.Bench -- <name> [--quick]
var rest = new BenchArgs(args.Skip(1).ToArray());
return args.FirstOrDefault() switch
{
    "toml" => TomlBench.Run(args.Skip(1).ToArray()),
    "toml-python" => TomlPythonBench.Run(rest),
    "toml-engines" => TomlEnginesBench.Run(rest),
    "latency" => ChangeLatencyBench.Run(rest),
    "fallback" => FallbackBench.Run(rest),
    "footprint" => FootprintBench.Run(rest),
    "restarts" => RestartEconomyBench.Run(rest),
    "metrics" => MetricsBench.Run(rest),
    "oneshot" => OneShotBench.Run(rest),
    "fsync" => FsyncFloorBench.Run(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: NodeStorageAgent.Bench <benchmark> [--quick] [options]
          toml         parse/print/edit a generated 1 MB storage.conf and the real configs
          toml-python  TOML parse throughput beside Python's tomllib on the same files
          toml-engines ours vs Tomlyn 2.10.2 vs tomllib: MB/s, bytes allocated, toml-test, round trip, edit   [--seconds S]
          latency      desired-state edit -> both files on disk + restart requested   [--edits N] [--debounce D]
          fallback     bindfs store SIGSTOP/SIGKILL -> config without it; status wall time   [--trials N] [--probe-interval S] [--probe-timeout S]
          footprint    start-to-READY, idle RSS and CPU, threads while a store hangs   [--idle S] [--cpu S] [--hung S]
          restarts     CRI-O restarts for a flapping store and for a burst of edits   [--flap S]
          metrics      node-exporter textfile: bytes for 25 stores, cost of a format, a write, a skipped write   [--rounds N]
          oneshot      cold wall time of --help, status and a probe of two stores   [--trials N]
          fsync        the disk's floor for one durable atomic replace (write, fsync, rename, fsync dir)   [--trials N]
        The daemon benchmarks run the agent binary built beside the bench (NSA_AGENT overrides) as root.
        """);
    return 2;
}
