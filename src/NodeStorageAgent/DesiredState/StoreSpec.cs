namespace NodeStorageAgent.DesiredState;

/// <summary>One desired additional store. <see cref="Path"/> is a node path as the admin wrote it (already validated:
/// absolute, no <c>:</c>, <c>,</c> or whitespace).</summary>
public sealed record StoreSpec(StoreKind Kind, string Path)
{
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} store {Path}";
}
