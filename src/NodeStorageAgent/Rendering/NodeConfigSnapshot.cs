using NodeStorageAgent.Toml;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Rendering;

/// <summary>
/// The node's current config files, as read (by <c>Planning.NodeConfigReader</c>) before rendering. Null bytes mean
/// the file does not exist.
/// </summary>
/// <param name="EtcStorageConf">/etc/containers/storage.conf.</param>
/// <param name="DefaultStorageConf">/usr/share/containers/storage.conf (what c/storage reads when the /etc file is absent).</param>
/// <param name="CrioDropIn">Our drop-in as it is now.</param>
/// <param name="CrioMain">/etc/crio/crio.conf.</param>
/// <param name="CrioDropIns">Every file under crio.conf.d in CRI-O's order, ours included.</param>
public sealed record NodeConfigSnapshot(
    byte[]? EtcStorageConf,
    byte[]? DefaultStorageConf,
    byte[]? CrioDropIn,
    NodeFile? CrioMain,
    IReadOnlyList<NodeFile> CrioDropIns)
{
    public static NodeConfigSnapshot Empty { get; } = new(null, null, null, null, []);

    /// <summary>The storage.conf containers/storage reads on this node: /etc, else /usr/share (null when neither).</summary>
    public byte[]? StorageConfSource => EtcStorageConf ?? DefaultStorageConf;

    /// <summary>The node path of <see cref="StorageConfSource"/>, for diagnostics.</summary>
    public string StorageConfSourceName => EtcStorageConf is not null || DefaultStorageConf is null ? NodePaths.StorageConf : NodePaths.StorageConfDefault;

    /// <summary><see cref="StorageConfSource"/> parsed, once per snapshot (a pass reads the roots, the driver and the
    /// store arrays from this one parse); null when there is no storage.conf.</summary>
    public TomlDocument? StorageConfDocument => StorageConfSource is null ? null : _storageConf ??= TomlDocument.Parse(StorageConfSource, StorageConfSourceName);

    private TomlDocument? _storageConf;
}
