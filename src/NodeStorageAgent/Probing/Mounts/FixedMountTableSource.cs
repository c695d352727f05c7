namespace NodeStorageAgent.Probing.Mounts;

/// <summary>A fixed mountinfo text (tests, captured tables).</summary>
public sealed class FixedMountTableSource(string mountInfoText) : IMountTableSource
{
    public MountTable Read() => MountInfoParser.Parse(mountInfoText);
}
