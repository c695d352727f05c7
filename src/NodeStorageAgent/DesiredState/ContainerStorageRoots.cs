namespace NodeStorageAgent.DesiredState;

/// <summary>The node's own containers/storage locations, which no additional store may equal, contain or sit in.</summary>
/// <param name="GraphRoot">storage.conf <c>graphroot</c> (default <c>/var/lib/containers/storage</c>).</param>
/// <param name="RunRoot">storage.conf <c>runroot</c> (default <c>/run/containers/storage</c>).</param>
public sealed record ContainerStorageRoots(string GraphRoot, string RunRoot)
{
    public static ContainerStorageRoots Default { get; } = new("/var/lib/containers/storage", "/run/containers/storage");
}
