using System.Runtime.InteropServices;

namespace NodeStorageAgent.DesiredState;

/// <summary>
/// Kernel filesystems whose files are not configuration an admin wrote: a desired-state symlink into one of them
/// (<c>/proc/self/environ</c>, a sysfs attribute) must be refused, not read as an odd TOML file.
/// </summary>
internal static unsafe partial class PseudoFileSystems
{
    // f_type magic numbers from linux/include/uapi/linux/magic.h.
    private static readonly (long Magic, string Name)[] s_kernelTrees =
    [
        (0x9fa0, "procfs"),
        (0x62656572, "sysfs"),
        (0x27e0eb, "cgroup"),
        (0x63677270, "cgroup2"),
        (0x64626720, "debugfs"),
        (0x74726163, "tracefs"),
        (0x73636673, "securityfs"),
        (0x62656570, "configfs"),
        (0xcafe4a11, "bpf"),
        (0xde5e81e4, "efivarfs"),
    ];

    /// <summary>The kernel filesystem <paramref name="fd"/> lies on, or null for an ordinary one (or when fstatfs fails).</summary>
    public static string? KernelTreeOf(int fd)
    {
        // struct statfs is 120 bytes on LP64 Linux and starts with f_type (__fsword_t, a long); 256 bytes leaves room.
        var buffer = stackalloc long[32];
        if (FStatFs(fd, buffer) != 0)
        {
            return null;
        }

        var type = buffer[0] & 0xffffffffL;
        foreach (var (magic, name) in s_kernelTrees)
        {
            if (type == magic)
            {
                return name;
            }
        }

        return null;
    }

    [LibraryImport("libc", EntryPoint = "fstatfs", SetLastError = true)]
    private static partial int FStatFs(int fd, long* buffer);
}
