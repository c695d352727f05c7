using NodeStorageAgent.Diagnostics;

namespace NodeStorageAgent.AtomicFiles;

/// <summary>Host paths of the stale temp files removed, and warnings for those that could not be.</summary>
public sealed record SweepResult(IReadOnlyList<string> Removed, IReadOnlyList<Diagnostic> Diagnostics);
