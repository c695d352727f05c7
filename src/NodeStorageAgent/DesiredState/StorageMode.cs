namespace NodeStorageAgent.DesiredState;

/// <summary>Where image and layer stores are configured (<c>[apply] storageMode</c>).</summary>
public enum StorageMode
{
    /// <summary><see cref="CrioStorageOption"/> on a node managed by the Machine Config Operator, else
    /// <see cref="StorageConf"/>.</summary>
    Auto,

    /// <summary>Edit <c>/etc/containers/storage.conf</c> (every containers/storage user sees the stores: CRI-O,
    /// podman, buildah).</summary>
    StorageConf,

    /// <summary>Leave storage.conf alone and give the stores to CRI-O only, as <c>[crio] storage_option</c> in our
    /// drop-in. On MCO nodes storage.conf is part of every pool's MachineConfig and rewriting it marks the node
    /// Degraded (docs/upstream.md §4.3); CRI-O appends drop-in storage options to storage.conf's (§2.4).</summary>
    CrioStorageOption,
}
