using System.Runtime.InteropServices;

namespace NodeStorageAgent.Probing.Mounts;

/// <summary>
/// Kernel pseudo-filesystems (proc, sysfs, devtmpfs, ...): never container storage, wherever they are mounted — a
/// bind mount of <c>/proc</c> at <c>/mnt/x</c> passes any check of path names. Known from the mount's type in
/// mountinfo, and from <c>statfs(2)</c>'s <c>f_type</c> (magic numbers from linux <c>include/uapi/linux/magic.h</c>).
/// devtmpfs reports tmpfs's magic, so it is known from mountinfo only.
/// </summary>
public static partial class KernelFilesystems
{
    private static readonly HashSet<string> s_types = new(StringComparer.Ordinal)
    {
        "proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "securityfs", "debugfs", "tracefs", "bpf",
        "configfs", "pstore", "efivarfs", "selinuxfs", "mqueue", "nsfs", "hugetlbfs", "fusectl", "binfmt_misc",
    };

    private static readonly Dictionary<long, string> s_magic = new()
    {
        [0x9fa0] = "proc",
        [0x62656572] = "sysfs",
        [0x1cd1] = "devpts",
        [0x27e0eb] = "cgroup",
        [0x63677270] = "cgroup2",
        [0x73636673] = "securityfs",
        [0x64626720] = "debugfs",
        [0x74726163] = "tracefs",
        [0xcafe4a11] = "bpf",
        [0x62656570] = "configfs",
        [0x6165676C] = "pstore",
        [0xde5e81e4] = "efivarfs",
        [0xf97cff8c] = "selinuxfs",
        [0x19800202] = "mqueue",
        [0x6e736673] = "nsfs",
        [0x958458f6] = "hugetlbfs",
        [0x65735543] = "fusectl",
        [0x42494e4d] = "binfmt_misc",
    };

    public static bool IsPseudo(string fsType) => s_types.Contains(fsType);

    /// <summary>The pseudo-filesystem <paramref name="hostPath"/> is on according to <c>statfs(2)</c>, or null
    /// (another filesystem, or statfs failed). Only for paths on mounts that cannot block.</summary>
    public static unsafe string? Statfs(string hostPath)
    {
        // struct statfs begins with __fsword_t f_type on every 64-bit Linux ABI; 256 bytes covers the whole struct.
        var buffer = stackalloc long[32];
        if (NativeStatfs(hostPath, buffer) != 0)
        {
            return null;
        }

        return s_magic.GetValueOrDefault(buffer[0] & 0xFFFFFFFF);
    }

    [LibraryImport("libc", EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int NativeStatfs(string path, long* buffer);
}
