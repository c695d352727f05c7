using NodeStorageAgent.IntegrationTests.Support;

namespace NodeStorageAgent.IntegrationTests.Stargz;

/// <summary>The pieces every lazy-pulling test sets up on an <see cref="AgentSandbox"/>: stargz-store where the
/// shipped unit puts it, the agent with one layer store, and podman on the agent's storage.conf.</summary>
internal static class StargzNode
{
    /// <summary>stargz-store's root dir and mount point in its shipped unit (docs/upstream.md §5.1).</summary>
    public const string StoreRoot = "/var/lib/stargz-store";

    public const string StorePath = "/var/lib/stargz-store/store";

    /// <summary>A bound on every podman call (a hang fails the test instead of stalling CI), not a speed target.</summary>
    public static readonly TimeSpan PodmanLimit = TimeSpan.FromMinutes(4);

    private static int s_podmans;

    public static StargzStoreDaemon StartStore(AgentSandbox sandbox, string rootDir = StoreRoot, string mountPoint = StorePath) =>
        new(sandbox.Host(rootDir), sandbox.Host(mountPoint));

    /// <summary>Starts the agent on a desired state with one layer store; returns once generation 1 is applied.</summary>
    public static AgentProcess StartAgent(AgentSandbox sandbox, string layerStore)
    {
        sandbox.WriteDesired(LayerStoreDesired(layerStore));
        var agent = sandbox.StartRun();
        sandbox.WaitForSettled(generation: 1, restarts: 1);
        return agent;
    }

    public static string LayerStoreDesired(string path) =>
        $"[[additionalLayerStores]]\npath = \"{path}\"\n\n[apply]\naction = \"restart\"\n";

    /// <summary>podman on the storage.conf the agent wrote, as a node with no images yet.</summary>
    public static NodePodman Podman(AgentSandbox sandbox) => new(sandbox.Root, sandbox.StorageConf, NewState(sandbox));

    public static string NewState(AgentSandbox sandbox) => Path.Combine(sandbox.Root, $"podman-{Interlocked.Increment(ref s_podmans)}");

    /// <summary>c/storage's <c>:ref</c> key: base64 of the image reference (docs/upstream.md §3.2).</summary>
    public static string RefDir(EstargzImage image, LoopbackRegistry registry) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(image.Reference(registry)));
}
