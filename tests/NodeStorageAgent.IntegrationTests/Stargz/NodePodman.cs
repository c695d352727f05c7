namespace NodeStorageAgent.IntegrationTests.Stargz;

/// <summary>
/// Runs podman the way CRI-O would read the node: the storage.conf the agent wrote, unmodified, with its node paths.
/// Each call gets a private mount namespace (<c>unshare -m</c>) in which the sandbox's
/// <c>/var/lib/stargz-store</c> (with the FUSE mount below it) is bound over the real one, and a private graphroot,
/// runroot and libpod tmpdir are bound over <c>/var/lib/containers/storage</c>, <c>/run/containers/storage</c>
/// and <c>/run/libpod</c>; the overlay mounts podman makes die with the namespace. Only empty mount-point
/// directories are created on the host. Containers run with runc (crun refuses this machine's hybrid cgroups) and
/// rlimits below the hard ones (root lacks CAP_SYS_RESOURCE here, docs/node-findings.md §2).
/// </summary>
internal sealed class NodePodman
{
    private static readonly string[] s_nodeMountPoints =
        ["/var/lib/stargz-store", "/var/lib/containers/storage", "/run/containers/storage", "/run/libpod"];

    private readonly string _sandboxRoot;
    private readonly string _storageConf;
    private readonly string _state;

    /// <param name="storageConf">Host path of the storage.conf to use (normally the sandbox's, as the agent wrote it).</param>
    /// <param name="stateDir">Holds this podman's graphroot, runroot and tmpdir; a new dir is a node with no images.</param>
    public NodePodman(string sandboxRoot, string storageConf, string stateDir)
    {
        _sandboxRoot = sandboxRoot;
        _storageConf = storageConf;
        _state = stateDir;
        foreach (var dir in s_nodeMountPoints)
        {
            Directory.CreateDirectory(dir);
            Directory.CreateDirectory(Private(dir));
        }

        Directory.CreateDirectory(Path.Combine(sandboxRoot, "var/lib/stargz-store"));
    }

    public string GraphRoot => Private("/var/lib/containers/storage");

    public BoundedRun Pull(string reference, TimeSpan limit) =>
        Podman(limit, "pull", "--quiet", "--tls-verify=false", reference);

    /// <summary><c>podman run --rm</c> (pulling if needed); stdout is the container's output.</summary>
    public BoundedRun Run(string reference, TimeSpan limit, params string[] args) =>
        Podman(limit, ["--runtime", "runc", "run", "--rm", "--net=none", "--tls-verify=false",
            "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", reference, .. args]);

    /// <summary>The graphroot's layer dirs whose <c>diff</c> is a symlink into an additional layer store (c/storage
    /// CreateAs, docs/upstream.md §3.2), with their targets as node paths.</summary>
    public IReadOnlyList<string> StoreServedDiffs()
    {
        var overlay = Path.Combine(GraphRoot, "overlay");
        if (!Directory.Exists(overlay))
        {
            return [];
        }

        return Directory.GetDirectories(overlay)
            .Select(d => new FileInfo(Path.Combine(d, "diff")))
            .Where(f => f.LinkTarget is not null)
            .Select(f => f.LinkTarget!)
            .ToList();
    }

    public BoundedRun Podman(TimeSpan limit, params IReadOnlyList<string> args)
    {
        const string script = """
            set -e
            mount --rbind "$1/var/lib/stargz-store" /var/lib/stargz-store
            mount --bind "$2/var/lib/containers/storage" /var/lib/containers/storage
            mount --bind "$2/run/containers/storage" /run/containers/storage
            mount --bind "$2/run/libpod" /run/libpod
            shift 2
            exec podman "$@"
            """;
        return BoundedRun.Start("unshare", ["-m", "--propagation", "private", "sh", "-c", script, "sh", _sandboxRoot, _state, .. args],
            limit, new Dictionary<string, string> { ["CONTAINERS_STORAGE_CONF"] = _storageConf });
    }

    private string Private(string nodePath) => Path.Combine(_state, nodePath.TrimStart('/'));
}
