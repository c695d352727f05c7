using System.Text;
using NodeStorageAgent.Hosting;
using NodeStorageAgent.Toml;

namespace NodeStorageAgent.Rendering;

/// <summary>
/// Pure: the safe artifact stores → our CRI-O drop-in (<see cref="NodePaths.CrioDropIn"/>), or null when no artifact
/// store is wanted, in which case the drop-in is removed entirely.
/// </summary>
/// <remarks>
/// <c>additional_artifact_stores</c> lives in <c>[crio.runtime]</c>, not <c>[crio.image]</c> (upstream-facts §2.1).
/// A later drop-in's array replaces ours rather than merging (§2.4), which <see cref="CrioConfigInspector"/> reports.
/// </remarks>
public static class CrioDropInRenderer
{
    public const string Header =
        "Managed by node-storage-agent; changes here are overwritten.\n" +
        "Edit " + NodePaths.DesiredState + " instead.";

    public static byte[]? Render(IReadOnlyList<string> artifactStores)
    {
        if (artifactStores.Count == 0)
        {
            return null;
        }

        var stores = new TomlArray(artifactStores.Select(p => (TomlValue)new TomlString(p)));
        var runtime = new TomlTable([new("additional_artifact_stores", stores)]);
        var crio = new TomlTable([new("runtime", runtime)]);
        var root = new TomlTable([new("crio", crio)]);
        return Encoding.UTF8.GetBytes(TomlSerializer.Serialize(root, Header));
    }
}
