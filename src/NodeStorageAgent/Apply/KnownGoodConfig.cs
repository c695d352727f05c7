namespace NodeStorageAgent.Apply;

/// <summary>A configuration CRI-O ran with: the exact bytes of each managed node file, or its absence.</summary>
public sealed record KnownGoodConfig(long Generation, string Digest, IReadOnlyList<NodeFileSnapshot> Files);
