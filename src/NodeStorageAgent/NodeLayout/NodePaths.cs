namespace NodeStorageAgent.NodeLayout;

/// <summary>Node paths the agent reads and writes. All are resolved through <see cref="NodeRoot"/>.</summary>
public static class NodePaths
{
    /// <summary>Our desired-state file (the admin's input).</summary>
    public const string DesiredState = "/etc/node-storage-agent/desired-state.toml";

    /// <summary>containers/storage reads this file if it exists, else <see cref="StorageConfDefault"/>; the /etc file
    /// replaces the /usr one entirely (docs/upstream.md §3.1).</summary>
    public const string StorageConf = "/etc/containers/storage.conf";

    public const string StorageConfDefault = "/usr/share/containers/storage.conf";

    /// <summary>CRI-O's main file, read before every drop-in (docs/upstream.md §2.4).</summary>
    public const string CrioConf = "/etc/crio/crio.conf";

    /// <summary>CRI-O parses every regular file below this directory, recursively, whatever its name
    /// (docs/upstream.md §2.4): nothing but finished drop-ins may ever sit here.</summary>
    public const string CrioConfDir = "/etc/crio/crio.conf.d";

    /// <summary>Our drop-in. "99-" sorts late so our <c>additional_artifact_stores</c> wins over the MCO's
    /// <c>01-ctrcfg-*</c> files (arrays are replaced, not merged: docs/upstream.md §2.4).</summary>
    public const string CrioDropIn = "/etc/crio/crio.conf.d/99-node-storage-agent.conf";

    /// <summary>Every node file the agent writes configuration to.</summary>
    public static readonly IReadOnlyList<string> Managed = [StorageConf, CrioDropIn];

    /// <summary>Where temp files for <see cref="CrioConfDir"/> are staged: same filesystem, outside the scanned tree.</summary>
    public const string CrioStagingDir = "/etc/crio/.node-storage-agent-staging";

    public const string StateDir = "/var/lib/node-storage-agent";

    public const string StateFile = "/var/lib/node-storage-agent/state.json";

    /// <summary>A second copy of the storage.conf entries we own, so a damaged or deleted state.json does not turn
    /// them into an admin's.</summary>
    public const string OwnershipFile = "/var/lib/node-storage-agent/owned-entries.json";

    /// <summary>Originals kept before our first change (MCO <c>createOrigFile</c> style).</summary>
    public const string OrigDir = "/var/lib/node-storage-agent/orig";

    /// <summary>"Did not exist before us" stamps.</summary>
    public const string NoOrigDir = "/var/lib/node-storage-agent/noorig";

    public const string RunDir = "/run/node-storage-agent";

    public const string StatusFile = "/run/node-storage-agent/status.json";

    /// <summary>Prefix of every temp file we create, so a start-up sweep can find our leftovers.</summary>
    public const string TempFilePrefix = ".nsa-";
}
