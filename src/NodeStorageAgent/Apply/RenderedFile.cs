using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Apply;

/// <summary>A node file as the agent wants it, and how to put it in place.</summary>
/// <param name="Desired">The file as it should be; null content: delete it.</param>
/// <param name="Staged">Stage the temp file outside the target directory (always done below <c>crio.conf.d</c>).</param>
/// <param name="RenderedFrom">The file as it was read when this was rendered from it: it is replaced only while it
/// still is exactly that (compare-and-swap), so an edit made meanwhile is never overwritten. Null: replace whatever
/// is there.</param>
public sealed record RenderedFile(NodeFile Desired, bool Staged = false, ExpectedFile? RenderedFrom = null)
{
    public RenderedFile(string nodePath, byte[]? content, bool staged = false)
        : this(new NodeFile(nodePath, content), staged)
    {
    }

    public string NodePath => Desired.NodePath;

    public byte[]? Content => Desired.Content;

    /// <summary>Whether the bytes differ from those it was rendered from (always true when that is unknown).</summary>
    public bool Changed => RenderedFrom is not { } from
        || !(from.Content is null ? Content is null : Content is not null && from.Content.AsSpan().SequenceEqual(Content));
}
