using NodeStorageAgent.Probing.Mounts;

namespace NodeStorageAgent.Probing.Paths;

/// <summary>Node paths a store must never resolve into: kernel pseudo-filesystems, and CRI-O's own graphroot and
/// runroot (an additional store equal to the graphroot breaks c/storage: docs/node-findings.md §2.3).</summary>
public static class ForbiddenAreas
{
    public static IReadOnlyList<string> Default { get; } =
        ["/proc", "/sys", "/dev", "/var/lib/containers/storage", "/run/containers/storage"];

    /// <summary>The forbidden area containing <paramref name="nodePath"/>, or null.</summary>
    public static string? Find(string nodePath, IReadOnlyList<string> areas) =>
        areas.FirstOrDefault(area => MountTable.IsAtOrBelow(nodePath, area));
}
