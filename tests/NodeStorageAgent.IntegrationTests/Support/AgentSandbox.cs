using System.Diagnostics;
using Mono.Unix.Native;
using NodeStorageAgent.Apply;
using NodeStorageAgent.Reconcile;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.TestSupport;
using NodeStorageAgent.Toml;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.Persistence;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.IntegrationTests.Support;

/// <summary>
/// A node in a temp directory for the real <c>node-storage-agent</c> binary: real MCO storage.conf and CRI-O
/// 00-default, the desired-state file (0644, ours), stores under the root, and the stand-in systemctl in its own
/// directory (its calls.log is how tests count restarts). Dispose kills every agent it started, unmounts every FUSE
/// mount it made (hung ones included), then deletes the tree.
/// </summary>
internal sealed class AgentSandbox : IDisposable
{
    /// <summary>Short intervals so a whole scenario takes about a second.</summary>
    public static readonly IReadOnlyList<string> FastRunOptions =
    [
        "--probe-interval", "200ms", "--probe-timeout", "1s", "--restart-quiet-period", "300ms", "--restart-min-interval", "0s",
        "--crio-poll-interval", "50ms", "--crio-start-timeout", "5s", "--debounce", "100ms", "--boot-wait", "2s",
    ];

    /// <summary>A full reconcile every 300 ms, so a pass that failed (a write fault, an untrusted file) is retried
    /// without waiting for a file event; add to <see cref="FastRunOptions"/> via <see cref="StartRun"/>'s options.</summary>
    public static readonly IReadOnlyList<string> RetryingRunOptions = ["--resync-interval", "300ms"];

    private readonly List<AgentProcess> _agents = [];
    private readonly List<FuseMount> _mounts = [];
    private int _desiredWrites;
    private AgentProcess? _daemon;

    public AgentSandbox(string crioState = "active")
    {
        Root = Directory.CreateTempSubdirectory("nsa-e2e-").FullName;
        NodeRoot = new NodeRoot(Root);
        Directory.CreateDirectory(Path.GetDirectoryName(StorageConf)!);
        Directory.CreateDirectory(Path.GetDirectoryName(DesiredState)!);
        Directory.CreateDirectory(Path.GetDirectoryName(DropIn)!);
        File.Copy(Path.Combine(SharedData.RealConfigs, "storage", "mco_container-storage.storage.conf"), StorageConf);
        File.Copy(Path.Combine(SharedData.RealConfigs, "crio", "crio.conf.d", "mco_worker_00-default"), CrioDefault);
        // An existing file that lists none: a missing one is an error that keeps the last config (DesiredStateLoader).
        File.WriteAllText(DesiredState, "# no additional stores\n");
        OriginalStorageConf = File.ReadAllBytes(StorageConf);
        OriginalCrioDefault = File.ReadAllBytes(CrioDefault);

        // The stand-in keeps its state beside itself; a wrapper in front of it records the environment each call saw.
        SystemctlDir = Path.Combine(Root, "standin");
        Directory.CreateDirectory(SystemctlDir);
        var standin = Path.Combine(SystemctlDir, "systemctl.standin");
        File.Copy(Path.Combine(SharedData.RepoRoot, "tests", "NodeStorageAgent.IntegrationTests", "Fixtures", "standins", "systemctl"), standin);
        Chmod(standin, "755");
        File.WriteAllText(Systemctl, "#!/bin/sh\nenv > \"$(dirname \"$0\")/env.last\"\nexec \"$(dirname \"$0\")/systemctl.standin\" \"$@\"\n");
        Chmod(Systemctl, "755");
        SetCrioState(crioState);
    }

    public string Root { get; }

    public NodeRoot NodeRoot { get; }

    public string StorageConf => Host(NodePaths.StorageConf);

    public string DropIn => Host(NodePaths.CrioDropIn);

    public string CrioDefault => Host(NodePaths.CrioConfDir + "/00-default");

    public string CrioConfDir => Host(NodePaths.CrioConfDir);

    public string DesiredState => Host(NodePaths.DesiredState);

    public string StateFile => Host(NodePaths.StateFile);

    public string SystemctlDir { get; }

    /// <summary>The wrapper to pass as <c>--systemctl</c>.</summary>
    public string Systemctl => Path.Combine(SystemctlDir, "systemctl");

    public byte[] OriginalStorageConf { get; }

    public byte[] OriginalCrioDefault { get; }

    /// <summary>The agent under test: <c>NSA_AGENT</c>, the NativeAOT binary scripts/test.sh publishes (the one the
    /// RPM ships), or else the JIT apphost the build copies next to the test assembly. Under
    /// <c>NSA_REQUIRE_INTEGRATION=1</c> (CI) a missing <c>NSA_AGENT</c> fails: CI must test what ships.</summary>
    public static string AgentBinary
    {
        get
        {
            if (Environment.GetEnvironmentVariable("NSA_AGENT") is { Length: > 0 } published)
            {
                Assert.True(File.Exists(published), $"NSA_AGENT={published} does not exist (scripts/publish-aot.sh)");
                return published;
            }

            if (Prerequisites.Required)
            {
                Assert.Fail("NSA_AGENT is not set: under NSA_REQUIRE_INTEGRATION=1 the tests run the published NativeAOT binary (scripts/test.sh sets it)");
            }

            return Path.Combine(AppContext.BaseDirectory, "node-storage-agent");
        }
    }

    public string Host(string nodePath) => NodeRoot.Resolve(nodePath);

    // ---- stores -------------------------------------------------------------------------------------------------

    /// <summary>A healthy containers/storage overlay root at <paramref name="nodePath"/> (overlay-images, overlay-layers).</summary>
    public string ImageStore(string nodePath)
    {
        PopulateImageStore(Host(nodePath));
        return nodePath;
    }

    public static void PopulateImageStore(string hostPath)
    {
        Directory.CreateDirectory(Path.Combine(hostPath, "overlay-images"));
        Directory.CreateDirectory(Path.Combine(hostPath, "overlay-layers"));
    }

    /// <summary>A healthy artifact store at <paramref name="nodePath"/> (with artifacts/).</summary>
    public string ArtifactStore(string nodePath)
    {
        Directory.CreateDirectory(Path.Combine(Host(nodePath), "artifacts"));
        return nodePath;
    }

    /// <summary>A real bindfs FUSE mount at <paramref name="nodePath"/> serving a healthy image store from a source
    /// directory outside the node paths the agent is told about.</summary>
    public FuseMount FuseImageStore(string nodePath, string sourceName)
    {
        var source = Path.Combine(Root, "fuse-sources", sourceName);
        PopulateImageStore(source);
        return Track(FuseMount.BindfsAt(source, Host(nodePath)));
    }

    /// <summary>Remounts a mount whose daemon died; the new mount is cleaned up with the sandbox too.</summary>
    public FuseMount Remount(FuseMount dead) => Track(dead.Remount());

    private FuseMount Track(FuseMount mount)
    {
        _mounts.Add(mount);
        return mount;
    }

    // ---- desired state ------------------------------------------------------------------------------------------

    /// <summary>Replaces the desired-state file the way an editor does (temp file, chmod 0644, rename over).</summary>
    public void WriteDesired(string toml)
    {
        var temp = Path.Combine(Path.GetDirectoryName(DesiredState)!, $".desired-{Interlocked.Increment(ref _desiredWrites)}.tmp");
        File.WriteAllText(temp, toml);
        Chmod(temp, "644");
        File.Move(temp, DesiredState, overwrite: true);
    }

    /// <summary>A desired state with the given stores (node paths) and apply action.</summary>
    public static string Desired(IEnumerable<string>? images = null, IEnumerable<string>? artifacts = null, string action = "restart")
    {
        var text = new System.Text.StringBuilder();
        foreach (var path in images ?? [])
        {
            text.Append("[[additionalImageStores]]\npath = \"").Append(path).Append("\"\n\n");
        }

        foreach (var path in artifacts ?? [])
        {
            text.Append("[[additionalArtifactStores]]\npath = \"").Append(path).Append("\"\n\n");
        }

        return text.Append("[apply]\naction = \"").Append(action).Append("\"\n").ToString();
    }

    // ---- stand-in systemctl -------------------------------------------------------------------------------------

    /// <summary>crio.service's ActiveState as the stand-in reports it (active, inactive, failed, ...).</summary>
    public void SetCrioState(string state) => File.WriteAllText(Path.Combine(SystemctlDir, "state"), state + "\n");

    /// <summary>How the next restart behaves (ok, config, hang, fail-restart, stuck); see the stand-in's header.</summary>
    public void SetCrioMode(string mode, params string[] watchedFiles)
    {
        File.WriteAllText(Path.Combine(SystemctlDir, "watch"), string.Join('\n', watchedFiles) + "\n");
        File.WriteAllText(Path.Combine(SystemctlDir, "mode"), mode + "\n");
    }

    public IReadOnlyList<string> Calls()
    {
        var log = Path.Combine(SystemctlDir, "calls.log");
        return File.Exists(log) ? File.ReadAllLines(log) : [];
    }

    public int Restarts => Calls().Count(c => c.StartsWith("restart ", StringComparison.Ordinal));

    public int Reboots => Calls().Count(c => c == "reboot" || c.StartsWith("reboot ", StringComparison.Ordinal));

    /// <summary>The environment the last systemctl call ran with (NAME=value lines).</summary>
    public IReadOnlyList<string> LastSystemctlEnvironment() => File.ReadAllLines(Path.Combine(SystemctlDir, "env.last"));

    // ---- agent --------------------------------------------------------------------------------------------------

    /// <summary>Starts <c>node-storage-agent run</c> on this sandbox with <see cref="FastRunOptions"/> (later options win).</summary>
    public AgentProcess StartRun(IEnumerable<string>? options = null, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null) =>
        StartRunUnder([], options, environment, workingDirectory);

    /// <summary>Like <see cref="StartRun"/>, with the agent exec'd by <paramref name="wrapper"/> (e.g. <c>setpriv … --</c>
    /// to drop capabilities); the wrapper must exec, so the pid is the agent's.</summary>
    public AgentProcess StartRunUnder(IReadOnlyList<string> wrapper, IEnumerable<string>? options = null, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        string[] command = [.. wrapper, AgentBinary, "run", "--root", Root, "--systemctl", Systemctl, .. Merge(FastRunOptions, options ?? [])];
        var agent = AgentProcess.Start(command[0], command[1..], environment, workingDirectory ?? Root);
        _agents.Add(agent);
        _daemon = agent;
        return agent;
    }

    /// <summary>"--name value" pairs: an override replaces the default (the CLI rejects a repeated option).</summary>
    private static List<string> Merge(IReadOnlyList<string> defaults, IEnumerable<string> overrides)
    {
        var merged = new List<string>(defaults);
        var extra = overrides.ToList();
        for (var i = 0; i + 1 < extra.Count; i += 2)
        {
            var at = merged.IndexOf(extra[i]);
            if (at >= 0)
            {
                merged[at + 1] = extra[i + 1];
            }
            else
            {
                merged.AddRange([extra[i], extra[i + 1]]);
            }
        }

        return merged;
    }

    /// <summary>Runs a one-shot verb on this sandbox (<c>--root</c> is added) and waits for it.</summary>
    public CliResult Cli(params string[] args) => CliResult.Run(AgentBinary, [.. args, "--root", Root], Root);

    /// <summary>A verb that takes the agent options: also gets the stand-in systemctl and short CRI-O polls.</summary>
    public CliResult CliWithSystemctl(params string[] args) => args[0] is "plan" or "render" or "probe"
        ? Cli([.. args, "--probe-timeout", "1s"])  // the read-only verbs take no systemctl or CRI-O options
        : Cli([.. args, "--systemctl", Systemctl, "--crio-poll-interval", "50ms", "--crio-start-timeout", "5s", "--probe-timeout", "1s"]);

    /// <summary>Starts a one-shot verb without waiting (for the crash test).</summary>
    public AgentProcess Spawn(params string[] args)
    {
        var agent = AgentProcess.Start(AgentBinary, [.. args, "--root", Root], null, Root);
        _agents.Add(agent);
        return agent;
    }

    /// <summary>Whether the file at <paramref name="nodePath"/> exists and contains <paramref name="text"/>.</summary>
    public bool FileContains(string nodePath, string text) =>
        File.Exists(Host(nodePath)) && File.ReadAllText(Host(nodePath)).Contains(text, StringComparison.Ordinal);

    /// <summary>The strings of <c>[storage.options] <paramref name="key"/></c> in storage.conf as it is now, decoded
    /// (so the array's layout does not matter); null when the key is absent or not an array of strings.</summary>
    public IReadOnlyList<string>? StorageConfStrings(string key)
    {
        var document = TomlDocument.Parse(File.ReadAllBytes(StorageConf), StorageConf);
        Assert.False(document.HasErrors, $"storage.conf does not parse: {string.Join("; ", document.Diagnostics)}");
        return StorageConfReader.StringArray(document.Root, key, out _);
    }

    public AgentStatus? Status() => AgentStatusFile.Read(NodeRoot, out _);

    public AgentStateLoadResult LoadState() => new AgentStateStore(NodeRoot, new AtomicFileWriter()).Load();

    /// <summary>storage.conf, drop-in (null when absent) and state.json generation, for "nothing changed" checks.</summary>
    public (byte[] StorageConf, byte[]? DropIn, long Generation) Snapshot() =>
        (File.ReadAllBytes(StorageConf), File.Exists(DropIn) ? File.ReadAllBytes(DropIn) : null, LoadState().State.Generation);

    /// <summary>Polls <paramref name="condition"/> every 20 ms until it holds; fails with <paramref name="what"/>, the
    /// agents' logs and the systemctl calls when <paramref name="timeout"/> passes first.</summary>
    public void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (_daemon is { HasExited: true } daemon)
            {
                Assert.Fail($"the agent exited ({daemon.ExitCode}) while waiting for: {what}\n{Describe()}");
            }

            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds}s waiting for: {what}\n{Describe()}");
            }

            Thread.Sleep(20);
        }
    }

    public void WaitForStatus(Func<AgentStatus, bool> condition, TimeSpan timeout, string what) =>
        WaitUntil(() => Status() is { } s && condition(s), timeout, what);

    /// <summary>Waits until the agent reports <paramref name="generation"/> applied with nothing pending and the
    /// stand-in has seen exactly <paramref name="restarts"/> restarts.</summary>
    public void WaitForSettled(long generation, int restarts, TimeSpan? timeout = null) =>
        WaitUntil(() => Status() is { } s && s.Generation == generation && s.PendingActions.Count == 0 && Restarts == restarts,
            timeout ?? TimeSpan.FromSeconds(20), $"generation {generation} applied, nothing pending, {restarts} restart(s)");

    /// <summary>Asserts that nothing more happens for <paramref name="window"/>: proving an absence takes waiting.</summary>
    public void AssertRestartsStay(int restarts, TimeSpan window)
    {
        Thread.Sleep(window);
        Assert.True(Restarts == restarts, $"expected {restarts} restart(s) to stay, saw {Restarts}\n{Describe()}");
    }

    /// <summary>Everything useful in a failure message.</summary>
    public string Describe()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("systemctl calls: " + string.Join(" | ", Calls()));
        if (Status() is { } status)
        {
            text.AppendLine($"status: {status.Health}: {status.Summary}; errors: {string.Join(" | ", status.Errors)}");
        }

        foreach (var agent in _agents)
        {
            text.AppendLine($"--- agent {agent.Pid} ({agent.Arguments}) output:").AppendLine(agent.Output);
        }

        return text.ToString();
    }

    private static void Chmod(string path, string octal)
    {
        if (Syscall.chmod(path, (FilePermissions)Convert.ToUInt32(octal, 8)) != 0)
        {
            throw new IOException($"chmod {octal} {path}: {Stdlib.GetLastError()}");
        }
    }

    public void Dispose()
    {
        foreach (var agent in _agents)
        {
            agent.Dispose();
        }

        for (var i = _mounts.Count - 1; i >= 0; i--)
        {
            _mounts[i].Dispose();
        }

        if (_mounts.All(m => FuseMount.ReadMounts().At(m.MountPoint) is null))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
