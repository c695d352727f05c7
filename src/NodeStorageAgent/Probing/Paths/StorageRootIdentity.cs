using Mono.Unix.Native;
using NodeStorageAgent.Apply;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Probing.Mounts;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.Toml;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Probing.Paths;

/// <summary>
/// Where the node's own graphroot or runroot really is: its inode, and its place inside its filesystem (mountinfo's
/// device and root plus the path below the mount point), so a bind mount or a symlink that reaches it under another
/// name is recognised.
/// </summary>
/// <param name="Name">"graphroot" or "runroot".</param>
/// <param name="NodePath">As storage.conf sets it.</param>
public sealed record StorageRootIdentity(string Name, string NodePath, ulong Device, ulong Inode, int Major, int Minor, string FilesystemPath)
{
    /// <summary>The roots storage.conf sets (<c>/etc</c>, else <c>/usr/share</c>; defaults), each resolved and
    /// stat'ed; a root that does not exist, or lies on a mount that can block, is left out.</summary>
    public static IReadOnlyList<StorageRootIdentity> Read(NodeRoot root, MountTable mounts)
    {
        var roots = ReadRoots(root);
        var found = new List<StorageRootIdentity>();
        foreach (var (name, nodePath) in new[] { ("graphroot", roots.GraphRoot), ("runroot", roots.RunRoot) })
        {
            var resolution = NodePathResolver.Resolve(root, nodePath, mounts);
            if (resolution.Failed || resolution.StoppedAt is not null
                || Syscall.stat(resolution.HostPath, out var st) != 0
                || mounts.Containing(resolution.HostPath) is not { } mount)
            {
                continue;
            }

            found.Add(new StorageRootIdentity(name, nodePath, st.st_dev, st.st_ino, mount.Major, mount.Minor,
                FilesystemPathOf(resolution.HostPath, mount)));
        }

        return found;
    }

    /// <summary>The path of <paramref name="hostPath"/> inside its filesystem: the mount's root (a bind mount's
    /// source directory) plus the part below the mount point.</summary>
    public static string FilesystemPathOf(string hostPath, MountInfoEntry mount)
    {
        var below = mount.MountPoint == "/" ? hostPath : hostPath[mount.MountPoint.Length..];
        var joined = mount.Root.TrimEnd('/') + "/" + below.TrimStart('/');
        return joined.Length > 1 ? joined.TrimEnd('/') : "/";
    }

    private static ContainerStorageRoots ReadRoots(NodeRoot root)
    {
        foreach (var nodePath in new[] { NodePaths.StorageConf, NodePaths.StorageConfDefault })
        {
            if (PosixFileSystem.ReadRegular(root.Resolve(nodePath), followSymlink: true, ReadLimits.ConfigFileBytes, out var bytes, out _) is null)
            {
                var document = TomlDocument.Parse(bytes);
                return document.HasErrors ? ContainerStorageRoots.Default : StorageConfReader.Roots(document.Root);
            }
        }

        return ContainerStorageRoots.Default;
    }
}
