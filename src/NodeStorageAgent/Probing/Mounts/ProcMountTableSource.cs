namespace NodeStorageAgent.Probing.Mounts;

/// <summary>Reads the agent's own <c>/proc/self/mountinfo</c>.</summary>
public sealed class ProcMountTableSource(string mountInfoPath) : IMountTableSource
{
    public MountTable Read() => MountInfoParser.Parse(File.ReadAllText(mountInfoPath));
}
