namespace NodeStorageAgent.DesiredState;

/// <summary>One store as written in the desired-state file, before validation. <see cref="Path"/> is null when the
/// entry has no <c>path</c> key. Line/column point at the path value (or at the entry when the path is missing).</summary>
public sealed record StoreEntry(StoreKind Kind, string? Path, int Line, int Column);
