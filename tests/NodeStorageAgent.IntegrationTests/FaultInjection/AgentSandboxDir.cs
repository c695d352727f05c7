using System.Diagnostics;
using System.Text;
using NodeStorageAgent.Hosting;
using NodeStorageAgent.Reconcile;
using NodeStorageAgent.TestSupport;

namespace NodeStorageAgent.IntegrationTests.FaultInjection;

/// <summary>
/// A throw-away node for the real agent binary: <c>root/</c> (the <c>--root</c>), healthy image and artifact stores
/// under it, and the stand-in systemctl in <c>bin/</c> (it logs every call to <c>bin/calls.log</c>).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class AgentSandboxDir : IDisposable
{
    public const string ImageStore = "/mnt/images";
    public const string OtherImageStore = "/mnt/images-b";
    public const string ArtifactStore = "/mnt/artifacts";
    public const string OtherArtifactStore = "/mnt/artifacts-b";

    private AgentSandboxDir(string dir)
    {
        Dir = dir;
        Root = new NodeRoot(Path.Combine(dir, "root"));
        Systemctl = Path.Combine(dir, "bin", "systemctl");
    }

    public string Dir { get; }

    public NodeRoot Root { get; }

    public string Systemctl { get; }

    public string CallsLog => Path.Combine(Dir, "bin", "calls.log");

    /// <summary>The agent binary the test project copies beside itself (ProjectReference to the executable).</summary>
    public static string AgentBinary => Path.Combine(AppContext.BaseDirectory, "node-storage-agent");

    public static AgentSandboxDir Create()
    {
        var sandbox = new AgentSandboxDir(Directory.CreateTempSubdirectory("nsa-fault-").FullName);
        Directory.CreateDirectory(Path.GetDirectoryName(sandbox.Systemctl)!);
        File.Copy(Path.Combine(SharedData.RepoRoot, "tests", "NodeStorageAgent.IntegrationTests", "Fixtures", "standins", "systemctl"), sandbox.Systemctl);
        File.SetUnixFileMode(sandbox.Systemctl, (UnixFileMode)0b111_101_101);
        foreach (var store in new[] { ImageStore, OtherImageStore })
        {
            Directory.CreateDirectory(sandbox.Host(store + "/overlay-images"));
            Directory.CreateDirectory(sandbox.Host(store + "/overlay-layers"));
        }

        foreach (var store in new[] { ArtifactStore, OtherArtifactStore })
        {
            Directory.CreateDirectory(sandbox.Host(store + "/artifacts"));
        }

        Directory.CreateDirectory(sandbox.Host("/etc/node-storage-agent"));
        return sandbox;
    }

    public string Host(string nodePath) => Root.Resolve(nodePath);

    /// <summary>A desired state with one image and one artifact store (both files change when either changes).</summary>
    public static string Desired(string imageStore, string artifactStore) =>
        $"[[additionalImageStores]]\npath = \"{imageStore}\"\n\n[[additionalArtifactStores]]\npath = \"{artifactStore}\"\n";

    /// <summary>Replaces the desired-state file the way an editor or config manager does: temp file, then rename.</summary>
    public void WriteDesired(string content)
    {
        var target = Host(NodePaths.DesiredState);
        var temp = target + ".tmp";
        File.WriteAllText(temp, content, Encoding.UTF8);
        File.SetUnixFileMode(temp, (UnixFileMode)0b110_100_100);
        File.Move(temp, target, overwrite: true);
    }

    public byte[] Read(string nodePath) => File.ReadAllBytes(Host(nodePath));

    public string ReadText(string nodePath) => File.ReadAllText(Host(nodePath));

    public bool Contains(string nodePath, string text) => File.Exists(Host(nodePath)) && ReadText(nodePath).Contains(text, StringComparison.Ordinal);

    public AgentStatus? Status() => AgentStatusFile.Read(Root, out _);

    /// <summary>Starts <c>node-storage-agent run</c> with intervals short enough for a test, optionally under a wrapper
    /// (e.g. setpriv).</summary>
    public AgentProcess Start(params string[] wrapper)
    {
        string[] args =
        [
            "run", "--root", Root.HostPath, "--systemctl", Systemctl,
            "--debounce", "20ms", "--restart-quiet-period", "0s", "--restart-min-interval", "0s",
            "--probe-interval", "300ms", "--resync-interval", "300ms", "--crio-poll-interval", "50ms", "--boot-wait", "0s",
        ];
        return new AgentProcess(wrapper.Length > 0 ? [.. wrapper, AgentBinary, .. args] : [AgentBinary, .. args]);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> and the agent's
    /// stderr at the deadline.</summary>
    public static void WaitUntil(Func<bool> condition, TimeSpan deadline, string what, AgentProcess? agent = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > deadline)
            {
                Assert.Fail($"timed out after {deadline.TotalSeconds:0.#}s waiting for {what}" + (agent is null ? "" : "\nagent stderr:\n" + agent.StderrText));
            }

            Thread.Sleep(20);
        }
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
