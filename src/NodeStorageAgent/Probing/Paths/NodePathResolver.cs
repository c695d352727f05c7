using Mono.Unix;
using Mono.Unix.Native;
using NodeStorageAgent.Probing.Mounts;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Probing.Paths;

/// <summary>
/// Follows symlinks of a node path one component at a time, in node-path space (an absolute link target is a node
/// path, resolved under <see cref="NodeRoot"/> like a chroot would). Every <c>lstat</c> here is in-process, so the
/// walk stops before the first component that lies on a mount that can block (FUSE, NFS, ..., or an overlay over
/// one: <see cref="MountTable.MayBlock"/>); the remainder is
/// probed in a child process (docs/node-findings.md §7.2: in-process calls on a hung mount cannot be cancelled).
/// </summary>
public static class NodePathResolver
{
    /// <summary>Linux's limit on symlinks followed in one lookup (path_resolution(7)).</summary>
    private const int MaxSymlinks = 40;

    public static PathResolution Resolve(NodeRoot root, string nodePath, MountTable mounts)
    {
        var pending = new LinkedList<string>(Split(nodePath));
        var current = "/";
        var followed = false;
        var links = 0;
        while (pending.First is { } first)
        {
            var component = first.Value;
            pending.RemoveFirst();
            if (component is "" or ".")
            {
                continue;
            }

            if (component == "..")
            {
                current = Parent(current);
                continue;
            }

            var candidate = Join(current, component);
            var host = root.Resolve(candidate);
            if (mounts.Containing(host) is { } mount && mounts.MayBlock(mount))
            {
                var rest = Join(candidate, string.Join('/', pending));
                return new PathResolution(rest, root.Resolve(rest), followed, mount);
            }

            if (Syscall.lstat(host, out var stat) != 0)
            {
                return Fail(root, candidate, pending, followed, Stdlib.GetLastError());
            }

            if ((stat.st_mode & FilePermissions.S_IFMT) != FilePermissions.S_IFLNK)
            {
                current = candidate;
                continue;
            }

            if (++links > MaxSymlinks)
            {
                return Fail(root, candidate, pending, followed, Errno.ELOOP);
            }

            var target = UnixPath.TryReadLink(host);
            if (target is null)
            {
                return Fail(root, candidate, pending, followed, Stdlib.GetLastError());
            }

            followed = true;
            if (target.StartsWith('/'))
            {
                current = "/";
            }

            foreach (var part in Split(target).Reverse())
            {
                pending.AddFirst(part);
            }
        }

        return new PathResolution(current, root.Resolve(current), followed, null);
    }

    private static PathResolution Fail(NodeRoot root, string at, LinkedList<string> pending, bool followed, Errno errno)
    {
        var rest = Join(at, string.Join('/', pending));
        return new PathResolution(rest, root.Resolve(rest), followed, null, errno.ToString(), at);
    }

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static string Join(string dir, string name) =>
        name.Length == 0 ? dir : dir == "/" ? "/" + name : dir + "/" + name;

    private static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }
}
