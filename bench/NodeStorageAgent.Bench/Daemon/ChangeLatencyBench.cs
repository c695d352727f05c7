using NodeStorageAgent.Bench.Agent;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Bench.Daemon;

/// <summary>
/// Change-to-applied latency: from the rename of a new desired-state file to both files holding the new bytes and the
/// CRI-O restart requested (the restart line in the stand-in systemctl's calls.log). Each edit changes both files.
/// </summary>
internal static class ChangeLatencyBench
{
    public static int Run(BenchArgs args)
    {
        var edits = args.Int("--edits", 100, 20);
        var debounce = args.Value("--debounce") ?? "10ms";
        using var node = BenchNode.Create();
        var images = Enumerable.Range(0, 4).Select(i => $"/mnt/images-{i}").ToList();
        var artifacts = Enumerable.Range(0, 4).Select(i => $"/mnt/artifacts-{i}").ToList();
        images.ForEach(p => BenchNode.MakeImageStore(node.Host(p)));
        artifacts.ForEach(p => BenchNode.MakeArtifactStore(node.Host(p)));
        node.WriteDesired(BenchNode.Desired([images[0]], [artifacts[0]]));
        string[] options = ["--debounce", debounce, "--restart-quiet-period", "0s", "--restart-min-interval", "0s", "--crio-poll-interval", "20ms"];
        Console.WriteLine($"change-to-applied latency: {edits} edits; agent: run {string.Join(' ', options)} (stand-in systemctl)");
        node.Start(options);
        BenchNode.WaitUntil(() => node.Restarts() == 1 && node.Status() is { PendingActions.Count: 0, LastCrioRestartUtc: not null }, TimeSpan.FromSeconds(30), "the first configuration");

        var samples = new List<double>();
        for (var i = 1; i <= edits; i++)
        {
            var image = images[i % images.Count];
            var artifact = artifacts[(i + 1) % artifacts.Count];
            var edit = node.PrepareDesired(BenchNode.Desired([image], [artifact]));
            var restarts = node.Restarts();
            var callsLength = new FileInfo(node.CallsLog).Length;
            var elapsed = BenchNode.TimeUntilChanged(Path.GetDirectoryName(node.CallsLog)!, edit,
                () => new FileInfo(node.CallsLog).Length != callsLength && node.Restarts() > restarts, TimeSpan.FromSeconds(30), $"restart after edit {i}").TotalMilliseconds;
            if (!node.ReadText(NodePaths.StorageConf).Contains($"\"{image}\"", StringComparison.Ordinal)
                || !node.ReadText(NodePaths.CrioDropIn).Contains($"\"{artifact}\"", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"edit {i}: restart requested before both files had the new bytes");
                return 1;
            }

            samples.Add(elapsed);

            // Let the activation finish (CRI-O "active" again, state saved) before the next edit.
            BenchNode.WaitUntil(() => node.Status() is { PendingActions.Count: 0 } s && s.Generation == i + 1, TimeSpan.FromSeconds(30), $"activation of edit {i}");
        }

        Console.WriteLine($"latency: {Stats.Summary(samples)}");
        Console.WriteLine($"target p50 <= 50 ms: {(Stats.Percentile(samples, 50) <= 50 ? "met" : "MISSED")}; upstream MCO path: >= 5 min per node (drain + reboot)");
        return 0;
    }
}
