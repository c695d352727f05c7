using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using NodeStorageAgent.Bench.Agent;

namespace NodeStorageAgent.Bench.Daemon;

/// <summary>
/// Start-to-READY (sd_notify on a socket we bind), then two agents side by side: one idle on healthy stores (RSS after
/// the idle time, CPU over the following window) and one whose bindfs store is SIGSTOPped (thread count sampled
/// throughout). Production intervals (probe 5 s, timeout 2 s, resync 60 s).
/// </summary>
internal static class FootprintBench
{
    private const string Store = "/mnt/images";
    private const string FuseStore = "/mnt/fuse-images";

    public static int Run(BenchArgs args)
    {
        var readyTrials = args.Int("--ready-trials", 10, 5);
        var idle = args.Seconds("--idle", 600, 20);
        var cpuWindow = args.Seconds("--cpu", 60, 10);
        var hung = args.Seconds("--hung", 600, 30);
        Console.WriteLine($"footprint: {readyTrials} starts; idle {idle.TotalSeconds:0}s then CPU over {cpuWindow.TotalSeconds:0}s; a store hung for {hung.TotalSeconds:0}s");

        var ready = new List<double>();
        for (var i = 0; i < readyTrials; i++)
        {
            using var node = NewNode(withFuse: false, out _);
            ready.Add(StartUntilReady(node, out _).TotalMilliseconds);
        }

        Console.WriteLine($"start-to-READY: {Stats.Summary(ready)}; target <= 300 ms: {(Stats.Percentile(ready, 50) <= 300 ? "met at p50" : "MISSED at p50")}");

        using var idleNode = NewNode(withFuse: false, out _);
        StartUntilReady(idleNode, out var idleAgent);
        using var hungNode = NewNode(withFuse: true, out var fuse);
        using var hungStore = fuse!;
        StartUntilReady(hungNode, out var hungAgent);
        fuse!.Stop();
        var threads = new List<int>();
        var watch = Stopwatch.StartNew();
        var end = TimeSpan.FromTicks(Math.Max((idle + cpuWindow).Ticks, hung.Ticks));
        (ThreadCpu Cpu, TimeSpan At)? cpuStart = null;
        double? idleRss = null, cpuPercent = null;
        while (watch.Elapsed < end)
        {
            if (watch.Elapsed <= hung)
            {
                threads.Add(Threads(hungAgent));
            }

            if (idleRss is null && watch.Elapsed >= idle)
            {
                idleRss = RssMiB(idleAgent);
                cpuStart = (new ThreadCpu(idleAgent), watch.Elapsed);
            }

            cpuStart?.Cpu.Sample();
            if (cpuPercent is null && cpuStart is { } s && watch.Elapsed >= s.At + cpuWindow)
            {
                cpuPercent = s.Cpu.Seconds / (watch.Elapsed - s.At).TotalSeconds * 100;
            }

            Thread.Sleep(1000);
        }

        cpuPercent ??= cpuStart!.Value.Cpu.Sample().Seconds / (watch.Elapsed - cpuStart.Value.At).TotalSeconds * 100;
        Console.WriteLine($"idle RSS after {idle.TotalSeconds:0}s: {idleRss:0.0} MiB (target <= 40 MiB: {(idleRss <= 40 ? "met" : "MISSED")}); now {Memory(idleAgent)}; threads {Threads(idleAgent)}");
        Console.WriteLine($"idle CPU over {cpuWindow.TotalSeconds:0}s: {cpuPercent:0.000} % of a core (target < 0.1 %: {(cpuPercent < 0.1 ? "met" : "MISSED")})");
        Console.WriteLine($"threads while {FuseStore} hung for {hung.TotalSeconds:0}s: first {threads[0]}, min {threads.Min()}, max {threads.Max()}, last {threads[^1]} ({threads.Count} samples); RSS at end {RssMiB(hungAgent):0.0} MiB");
        return 0;
    }

    private static BenchNode NewNode(bool withFuse, out BindfsStore? fuse)
    {
        var node = BenchNode.Create(crioState: "inactive"); // a boot: READY=1 lets CRI-O start
        BenchNode.MakeImageStore(node.Host(Store));
        fuse = null;
        if (withFuse)
        {
            fuse = new BindfsStore(Path.Combine(node.Dir, "fuse-src"), node.Host(FuseStore));
        }

        node.WriteDesired(BenchNode.Desired(fuse is null ? [Store] : [Store, FuseStore], []));
        return node;
    }

    private static TimeSpan StartUntilReady(BenchNode node, out Process agent)
    {
        var socketPath = Path.Combine(node.Dir, "notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        socket.ReceiveTimeout = 30_000;
        var watch = Stopwatch.StartNew();
        agent = node.Start([], new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath });
        var buffer = new byte[4096];
        while (true)
        {
            var n = socket.Receive(buffer);
            if (Encoding.UTF8.GetString(buffer, 0, n).Split('\n').Contains("READY=1"))
            {
                return watch.Elapsed;
            }
        }
    }

    private static int Threads(Process p) => Directory.GetDirectories($"/proc/{p.Id}/task").Length;

    /// <summary>RssAnon (heap, stacks) vs RssFile (the mapped binary and libraries: shared, reclaimable page cache).</summary>
    private static string Memory(Process p) => string.Join(", ", File.ReadLines($"/proc/{p.Id}/status")
        .Where(l => l.StartsWith("RssAnon:", StringComparison.Ordinal) || l.StartsWith("RssFile:", StringComparison.Ordinal))
        .Select(l => string.Join(' ', l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))));

    private static double RssMiB(Process p) =>
        double.Parse(File.ReadLines($"/proc/{p.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;

    /// <summary>
    /// CPU time of every thread since the tracker was made, in nanoseconds from <c>/proc/PID/task/*/schedstat</c>
    /// (utime+stime in <c>/proc/PID/stat</c> counts 10 ms ticks: one tick in a 60 s window is already 0.017 %, too
    /// coarse for a 0.1 % target). Sampled every second: a thread that exits (an idle thread-pool worker retiring)
    /// keeps what it had used at its last sample instead of taking its whole past out of the sum.
    /// </summary>
    private sealed class ThreadCpu
    {
        private readonly int _pid;
        private readonly Dictionary<string, (long First, long Last)> _threads = [];

        public ThreadCpu(Process process)
        {
            _pid = process.Id;
            foreach (var (tid, ns) in Read())
            {
                _threads[tid] = (ns, ns);
            }
        }

        public double Seconds => _threads.Values.Sum(t => t.Last - t.First) / 1e9;

        public ThreadCpu Sample()
        {
            foreach (var (tid, ns) in Read())
            {
                _threads[tid] = _threads.TryGetValue(tid, out var seen) ? (seen.First, ns) : (0, ns);
            }

            return this;
        }

        private IEnumerable<(string Tid, long Nanoseconds)> Read()
        {
            foreach (var task in Directory.GetDirectories($"/proc/{_pid}/task"))
            {
                string text;
                try
                {
                    text = File.ReadAllText(Path.Combine(task, "schedstat"));
                }
                catch (IOException)
                {
                    continue; // exited between the listing and the read
                }

                yield return (Path.GetFileName(task), long.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture));
            }
        }
    }
}
