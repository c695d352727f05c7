using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Hosting;
using NodeStorageAgent.Rendering;

namespace NodeStorageAgent.Planning;

/// <summary>Reads the node's current config files into a <see cref="NodeConfigSnapshot"/> (the I/O half of
/// rendering). A file that exists but cannot be read is an error: we never render on top of a guess.</summary>
public sealed class NodeConfigReader(NodeRoot root)
{
    public (NodeConfigSnapshot Snapshot, IReadOnlyList<Diagnostic> Diagnostics) Read()
    {
        var diagnostics = new List<Diagnostic>();
        byte[]? Read(string nodePath) => ReadFile(nodePath, diagnostics);

        var crioMainBytes = Read(NodePaths.CrioConf);
        var snapshot = new NodeConfigSnapshot(
            EtcStorageConf: Read(NodePaths.StorageConf),
            DefaultStorageConf: Read(NodePaths.StorageConfDefault),
            CrioDropIn: Read(NodePaths.CrioDropIn),
            CrioMain: crioMainBytes is null ? null : new CrioConfigFile(NodePaths.CrioConf, crioMainBytes),
            CrioDropIns: ReadDropIns(diagnostics));
        return (snapshot, diagnostics);
    }

    private List<CrioConfigFile> ReadDropIns(List<Diagnostic> diagnostics)
    {
        var dir = root.Resolve(NodePaths.CrioConfDir);
        var files = new List<CrioConfigFile>();
        if (!Directory.Exists(dir))
        {
            return files;
        }

        try
        {
            // CRI-O walks the directory recursively and reads every file, whatever its name (upstream-facts §2.4).
            foreach (var hostPath in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            {
                var nodePath = root.ToNodePath(hostPath)!;
                if (ReadFile(nodePath, diagnostics) is { } content)
                {
                    files.Add(new CrioConfigFile(nodePath, content));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Diagnostic.Error(RenderingCodes.CrioUnreadable, $"cannot list {NodePaths.CrioConfDir}: {e.Message}", NodePaths.CrioConfDir) with { Path = dir });
        }

        files.Sort((a, b) => CrioDropInOrder.Compare(a.NodePath, b.NodePath));
        return files;
    }

    private byte[]? ReadFile(string nodePath, List<Diagnostic> diagnostics)
    {
        var hostPath = root.Resolve(nodePath);
        try
        {
            return File.Exists(hostPath) ? File.ReadAllBytes(hostPath) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Diagnostic.Error(RenderingCodes.CrioUnreadable, $"cannot read {nodePath}: {e.Message}", nodePath) with { Path = hostPath });
            return null;
        }
    }
}
