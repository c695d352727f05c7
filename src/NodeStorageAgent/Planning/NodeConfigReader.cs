using Mono.Unix.Native;
using NodeStorageAgent.Apply;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Planning;

/// <summary>Reads the node's current config files into a <see cref="NodeConfigSnapshot"/> (the I/O half of
/// rendering). A file that exists but cannot be read is an error: we never render on top of a guess.</summary>
/// <remarks>Every file is read without blocking and capped (<see cref="PosixFileSystem.ReadRegular"/>,
/// <see cref="ReadLimits.ConfigFileBytes"/>): a FIFO, a device (a drop-in symlinked to <c>/dev/zero</c>) or an
/// oversized file is an error with a diagnostic, never a hang. Symlinks are followed, as CRI-O and containers/storage
/// follow them.</remarks>
public sealed class NodeConfigReader(NodeRoot root)
{
    public (NodeConfigSnapshot Snapshot, IReadOnlyList<Diagnostic> Diagnostics) Read()
    {
        var (snapshot, diagnostics, _) = ReadObserved();
        return (snapshot, diagnostics);
    }

    /// <summary><see cref="Read"/>, plus what each file that was read successfully looked like (bytes or absence, and
    /// identity), keyed by node path: the <see cref="ExpectedFile"/> to write it back with compare-and-swap.</summary>
    public (NodeConfigSnapshot Snapshot, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyDictionary<string, ExpectedFile> Observed) ReadObserved()
    {
        var diagnostics = new List<Diagnostic>();
        var observed = new Dictionary<string, ExpectedFile>(StringComparer.Ordinal);
        byte[]? Read(string nodePath) => ReadFile(nodePath, diagnostics, observed);

        var crioMainBytes = Read(NodePaths.CrioConf);
        var snapshot = new NodeConfigSnapshot(
            EtcStorageConf: Read(NodePaths.StorageConf),
            DefaultStorageConf: Read(NodePaths.StorageConfDefault),
            CrioDropIn: Read(NodePaths.CrioDropIn),
            CrioMain: crioMainBytes is null ? null : new NodeFile(NodePaths.CrioConf, crioMainBytes),
            CrioDropIns: ReadDropIns(diagnostics, observed));
        return (snapshot, diagnostics, observed);
    }

    private List<NodeFile> ReadDropIns(List<Diagnostic> diagnostics, Dictionary<string, ExpectedFile> observed)
    {
        var dir = root.Resolve(NodePaths.CrioConfDir);
        var files = new List<NodeFile>();
        if (!Directory.Exists(dir))
        {
            return files;
        }

        try
        {
            // CRI-O walks the directory recursively and reads every file, whatever its name (docs/upstream.md §2.4).
            foreach (var hostPath in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            {
                var nodePath = root.ToNodePath(hostPath)!;
                if (ReadFile(nodePath, diagnostics, observed) is { } content)
                {
                    files.Add(new NodeFile(nodePath, content));
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

    private byte[]? ReadFile(string nodePath, List<Diagnostic> diagnostics, Dictionary<string, ExpectedFile> observed)
    {
        var hostPath = root.Resolve(nodePath);
        if (PosixFileSystem.ReadRegular(hostPath, followSymlink: true, ReadLimits.ConfigFileBytes, out var content, out var status) is not { } error)
        {
            observed[nodePath] = ExpectedFile.Of(content, status);
            return content;
        }

        if (error.Errno == Errno.ENOENT)
        {
            observed[nodePath] = ExpectedFile.Absent;
            return null;
        }

        diagnostics.Add(Diagnostic.Error(RenderingCodes.CrioUnreadable, $"cannot read {nodePath}: {error}", nodePath) with { Path = hostPath });
        return null;
    }
}
