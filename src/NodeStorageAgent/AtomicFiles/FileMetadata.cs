using Mono.Unix.Native;

namespace NodeStorageAgent.AtomicFiles;

/// <summary>Mode and owner of a file we write.</summary>
/// <param name="Permissions">Permission bits, e.g. <c>0o644</c>.</param>
public readonly record struct FileMetadata(uint Permissions, uint Uid, uint Gid)
{
    private const uint ReadWriteForAllReadable = 0x1A4; // 0644
    private const uint ReadWriteOwnerOnly = 0x180; // 0600

    /// <summary>What a new config file gets: <c>0644</c>, owned by the agent's effective user (root on a node, like
    /// the OS packages ship these files; the invoking user in a non-root sandbox).</summary>
    public static FileMetadata Default => new(ReadWriteForAllReadable, Syscall.geteuid(), Syscall.getegid());

    /// <summary><c>0600</c>, owned by the agent, for files only the agent reads (its state).</summary>
    public static FileMetadata Private => new(ReadWriteOwnerOnly, Syscall.geteuid(), Syscall.getegid());

    public override string ToString() => $"{Convert.ToString(Permissions, 8).PadLeft(4, '0')} {Uid}:{Gid}";
}
