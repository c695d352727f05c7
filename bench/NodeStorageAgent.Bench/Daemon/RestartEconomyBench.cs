using System.Diagnostics;
using NodeStorageAgent.Bench.Agent;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Bench.Daemon;

/// <summary>
/// CRI-O restarts the agent asks for (a) while a bindfs store flaps (SIGSTOP/SIGCONT every 2 s) and (b) for 50
/// desired-state edits in 5 s. Production restart policy (quiet period 2 s, at most one restart per 5 min), production
/// probing. Each agent starts at "boot" (CRI-O inactive, so no restart), then CRI-O comes up: no restart is on record.
/// </summary>
internal static class RestartEconomyBench
{
    private const string Store = "/mnt/images";
    private const string FuseStore = "/mnt/fuse-images";

    public static int Run(BenchArgs args)
    {
        var flap = args.Seconds("--flap", 120, 30);
        var mode = args.Value("--flap-mode") ?? "kill";
        Flapping(flap, mode);
        foreach (var debounce in new[] { "200ms", "10ms" })
        {
            EditBurst(debounce);
        }

        return 0;
    }

    /// <param name="mode">"stop": SIGSTOP/SIGCONT the bindfs daemon (hung, then answering again); "kill": SIGKILL it
    /// (ENOTCONN), then mount a fresh one (dead, then alive again).</param>
    private static void Flapping(TimeSpan duration, string mode)
    {
        using var node = Booted([Store, FuseStore], out var fuse, []);
        try
        {
            var before = node.Restarts();
            var generation = node.Status()!.Generation;
            var watch = Stopwatch.StartNew();
            var stopped = false;
            while (watch.Elapsed < duration)
            {
                if (mode == "kill" && stopped)
                {
                    fuse!.Dispose();
                    fuse = new BindfsStore(Path.Combine(node.Dir, $"fuse-src-{watch.ElapsedMilliseconds}"), node.Host(FuseStore));
                }
                else if (mode == "kill")
                {
                    fuse!.Kill();
                }
                else if (stopped)
                {
                    fuse!.Continue();
                }
                else
                {
                    fuse!.Stop();
                }

                stopped = !stopped;
                Thread.Sleep(2000);
            }

            fuse!.Continue();
            var status = node.Status();
            Console.WriteLine($"flapping store ({(mode == "kill" ? "SIGKILL / fresh mount" : "SIGSTOP/SIGCONT")} every 2 s for {duration.TotalSeconds:0}s): {node.Restarts() - before} CRI-O restart(s) (target <= 2); configurations written: {status?.Generation - generation}; pending at the end: {string.Join("; ", status?.PendingActions ?? [])}");
        }
        finally
        {
            fuse?.Dispose();
        }
    }

    private static void EditBurst(string debounce)
    {
        var images = Enumerable.Range(0, 5).Select(i => $"/mnt/images-{i}").ToList();
        using var node = Booted([images[0]], out _, ["--debounce", debounce], images);
        var before = node.Restarts();
        var last = "";
        for (var i = 1; i <= 50; i++)
        {
            last = images[1 + (i % (images.Count - 1))]; // never the boot store, so the last edit is a change
            node.WriteDesired(BenchNode.Desired([last], []));
            Thread.Sleep(100);
        }

        Thread.Sleep(TimeSpan.FromSeconds(8)); // quiet period (2 s) + activation, with margin
        var final = node.ReadText(NodePaths.StorageConf).Contains($"[\"{last}\"]", StringComparison.Ordinal);
        Console.WriteLine($"50 edits in 5 s (debounce {debounce}): {node.Restarts() - before} CRI-O restart(s) (target 1); final storage.conf has the last edit: {final}; generations written: {node.Status()?.Generation - 1}");
    }

    private static BenchNode Booted(string[] stores, out BindfsStore? fuse, string[] options, IEnumerable<string>? extraStores = null)
    {
        var node = BenchNode.Create(crioState: "inactive");
        foreach (var store in stores.Where(s => s != FuseStore).Concat(extraStores ?? []))
        {
            BenchNode.MakeImageStore(node.Host(store));
        }

        fuse = stores.Contains(FuseStore) ? new BindfsStore(Path.Combine(node.Dir, "fuse-src"), node.Host(FuseStore)) : null;
        node.WriteDesired(BenchNode.Desired(stores, []));
        node.Start(options);
        // Written, and the activation found CRI-O not running (nothing pending): CRI-O reads the files when it starts.
        BenchNode.WaitUntil(() => node.Status() is { Generation: 1, PendingActions.Count: 0 }, TimeSpan.FromSeconds(60), "the boot configuration");
        node.SetCrioState("active");
        BenchNode.WaitUntil(() => node.RunsAppliedConfig(), TimeSpan.FromSeconds(60), "CRI-O confirmed running the boot configuration");
        return node;
    }
}
