using System.Diagnostics;
using System.Text;
using NodeStorageAgent.Reconcile;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Bench.Agent;

/// <summary>
/// A sandboxed node for the real agent binary: <c>root/</c> for <c>--root</c>, local stores under it, the test
/// stand-in systemctl in <c>bin/</c> (every call in <c>bin/calls.log</c>; <c>bin/state</c> is CRI-O's ActiveState).
/// </summary>
internal sealed class BenchNode : IDisposable
{
    private readonly List<Process> _processes = [];

    private BenchNode(string dir)
    {
        Dir = dir;
        Root = new NodeRoot(Path.Combine(dir, "root"));
        Systemctl = Path.Combine(dir, "bin", "systemctl");
    }

    public string Dir { get; }

    public NodeRoot Root { get; }

    public string Systemctl { get; }

    public string CallsLog => Path.Combine(Dir, "bin", "calls.log");

    /// <summary>The agent binary built beside the bench (ProjectReference), or <c>NSA_AGENT</c> (e.g. the published one).</summary>
    public static string AgentBinary => Environment.GetEnvironmentVariable("NSA_AGENT") is { Length: > 0 } agent ? agent : Path.Combine(AppContext.BaseDirectory, "node-storage-agent");

    public static string RepoRoot { get; } = FindRepoRoot();

    private static readonly Lazy<IReadOnlyList<KeyValuePair<string, string>>> UnitEnvironment = new(() =>
        File.ReadLines(Path.Combine(RepoRoot, "systemd", "node-storage-agent.service"))
            .Where(l => l.StartsWith("Environment=", StringComparison.Ordinal))
            .SelectMany(l => l["Environment=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .Select(kv => new KeyValuePair<string, string>(kv[0], kv[1]))
            .ToList());

    public static BenchNode Create(string crioState = "active")
    {
        var node = new BenchNode(Directory.CreateTempSubdirectory("nsa-bench-").FullName);
        Directory.CreateDirectory(Path.GetDirectoryName(node.Systemctl)!);
        File.Copy(Path.Combine(RepoRoot, "tests", "NodeStorageAgent.IntegrationTests", "Fixtures", "standins", "systemctl"), node.Systemctl);
        File.SetUnixFileMode(node.Systemctl, (UnixFileMode)0b111_101_101);
        node.SetCrioState(crioState);
        Directory.CreateDirectory(node.Host("/etc/node-storage-agent"));
        return node;
    }

    public string Host(string nodePath) => Root.Resolve(nodePath);

    public void SetCrioState(string state) => File.WriteAllText(Path.Combine(Dir, "bin", "state"), state + "\n");

    /// <summary>An overlay image store (overlay-images/ + overlay-layers/) at <paramref name="nodePath"/> (or at a host dir).</summary>
    public static void MakeImageStore(string hostPath)
    {
        Directory.CreateDirectory(Path.Combine(hostPath, "overlay-images"));
        Directory.CreateDirectory(Path.Combine(hostPath, "overlay-layers"));
    }

    public static void MakeArtifactStore(string hostPath) => Directory.CreateDirectory(Path.Combine(hostPath, "artifacts"));

    public static string Desired(IEnumerable<string> imageStores, IEnumerable<string> artifactStores) =>
        string.Concat(imageStores.Select(p => $"[[additionalImageStores]]\npath = \"{p}\"\n\n"))
        + string.Concat(artifactStores.Select(p => $"[[additionalArtifactStores]]\npath = \"{p}\"\n\n"));

    /// <summary>Writes the new desired state to a temp file; the returned action renames it into place (the edit).</summary>
    public Action PrepareDesired(string content)
    {
        var target = Host(NodePaths.DesiredState);
        var temp = target + ".new";
        File.WriteAllText(temp, content, Encoding.UTF8);
        File.SetUnixFileMode(temp, (UnixFileMode)0b110_100_100);
        return () => File.Move(temp, target, overwrite: true);
    }

    public void WriteDesired(string content) => PrepareDesired(content)();

    public string ReadText(string nodePath) => File.Exists(Host(nodePath)) ? File.ReadAllText(Host(nodePath)) : "";

    public AgentStatus? Status() => AgentStatusFile.Read(Root, out _);

    /// <summary>state.json: the applied configuration is the last-known-good (CRI-O was seen running it).</summary>
    public bool RunsAppliedConfig()
    {
        var path = Host(NodePaths.StateFile);
        if (!File.Exists(path))
        {
            return false;
        }

        using var state = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
        var root = state.RootElement;
        return root.TryGetProperty("appliedDigest", out var applied) && root.TryGetProperty("lastKnownGood", out var good)
            && good.ValueKind == System.Text.Json.JsonValueKind.Object && good.GetProperty("digest").GetString() == applied.GetString();
    }

    /// <summary>How many times the agent asked systemctl to restart CRI-O.</summary>
    public int Restarts() => File.Exists(CallsLog) ? File.ReadLines(CallsLog).Count(l => l.StartsWith("restart", StringComparison.Ordinal)) : 0;

    /// <summary>Starts <c>node-storage-agent run</c> on this node with the given extra options (stderr is discarded).</summary>
    public Process Start(IEnumerable<string> options, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(AgentBinary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "run", "--root", Root.HostPath, "--systemctl", Systemctl }.Concat(options))
        {
            info.ArgumentList.Add(arg);
        }

        // The service's own environment (systemd/node-storage-agent.service Environment=, e.g. the GC budget), so the
        // numbers are the production configuration's; then the caller's.
        foreach (var (key, value) in UnitEnvironment.Value.Concat(environment ?? new Dictionary<string, string>()))
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    /// <summary>
    /// The time from <paramref name="start"/> until <paramref name="condition"/> on files in
    /// <paramref name="directory"/> holds, checked as soon as inotify reports a change there (and every 5 ms
    /// regardless), so a latency is not rounded up to a polling period.
    /// </summary>
    public static TimeSpan TimeUntilChanged(string directory, Action start, Func<bool> condition, TimeSpan deadline, string what)
    {
        using var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(directory) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName };
        watcher.Changed += (_, _) => changed.Release();
        watcher.Created += (_, _) => changed.Release();
        watcher.EnableRaisingEvents = true;
        var watch = Stopwatch.StartNew();
        start();
        while (!condition())
        {
            if (watch.Elapsed > deadline)
            {
                throw new TimeoutException($"timed out after {deadline.TotalSeconds:0.#}s waiting for {what}");
            }

            changed.Wait(5);
        }

        return watch.Elapsed;
    }

    public static void WaitUntil(Func<bool> condition, TimeSpan deadline, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > deadline)
            {
                throw new TimeoutException($"timed out after {deadline.TotalSeconds:0.#}s waiting for {what}");
            }

            Thread.Sleep(5);
        }
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            process.WaitForExit(5000);
            process.Dispose();
        }

        Directory.Delete(Dir, recursive: true);
    }

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "NodeStorageAgent.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("cannot find NodeStorageAgent.sln above the bench or the current directory");
    }
}
