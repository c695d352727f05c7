namespace NodeStorageAgent.Rendering;

/// <summary>One file the agent manages: what it is now and what it should be (null = absent).</summary>
/// <param name="Staged">True for files in a directory that a consumer scans whole (crio.conf.d): their temp files
/// must be staged elsewhere.</param>
public sealed record PlannedFile(string NodePath, byte[]? Current, byte[]? Desired, bool Staged)
{
    public bool Changed => !(Current is null ? Desired is null : Desired is not null && Current.AsSpan().SequenceEqual(Desired));
}
