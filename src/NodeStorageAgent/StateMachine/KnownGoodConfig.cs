using NodeStorageAgent.NodeLayout;
using NodeStorageAgent.Apply;

namespace NodeStorageAgent.StateMachine;

/// <summary>A configuration CRI-O ran with: the exact bytes of each managed node file (or its absence), and the
/// systemd invocation of CRI-O that was seen running it (null when not known, e.g. the originals at first start).</summary>
public sealed record KnownGoodConfig(long Generation, string Digest, IReadOnlyList<NodeFile> Files, string? CrioInvocationId = null);
