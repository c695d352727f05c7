namespace NodeStorageAgent.Probing.Mounts;

/// <summary>Where the mount table comes from: <c>/proc/self/mountinfo</c>, or text injected by a test.</summary>
public interface IMountTableSource
{
    /// <summary>The current table; never blocks on a hung mount (procfs is served by the kernel).</summary>
    MountTable Read();
}
