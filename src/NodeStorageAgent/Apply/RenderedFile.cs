using NodeStorageAgent.AtomicFiles;

namespace NodeStorageAgent.Apply;

/// <summary>A node file as the agent wants it.</summary>
/// <param name="NodePath">Absolute node path, e.g. <c>/etc/containers/storage.conf</c>.</param>
/// <param name="Content">The exact bytes, or null to delete the file.</param>
/// <param name="Staged">Stage the temp file outside the target directory (always done below <c>crio.conf.d</c>).</param>
/// <param name="RenderedFrom">The file as it was read when this was rendered from it: it is replaced only while it
/// still is exactly that (compare-and-swap), so an edit made meanwhile is never overwritten. Null: replace whatever
/// is there.</param>
public sealed record RenderedFile(string NodePath, byte[]? Content, bool Staged = false, ExpectedFile? RenderedFrom = null);
