namespace NodeStorageAgent.Rendering;

/// <summary>A CRI-O config file as CRI-O would read it: <see cref="NodePath"/> and its bytes.</summary>
public sealed record CrioConfigFile(string NodePath, byte[] Content);
