namespace NodeStorageAgent.NodeLayout;

/// <summary>
/// Maps node paths (what goes into the configs, e.g. <c>/etc/containers/storage.conf</c>) onto the host filesystem.
/// </summary>
/// <remarks>
/// With <c>--root DIR</c> every file the agent reads or writes lives under DIR, so the whole agent runs in a sandbox;
/// the paths written into <c>storage.conf</c> and the CRI-O drop-in stay node paths (without the root prefix).
/// </remarks>
public sealed record NodeRoot
{
    public NodeRoot(string hostPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostPath);
        HostPath = Path.GetFullPath(hostPath);
    }

    public static NodeRoot System { get; } = new("/");

    /// <summary>The host directory that stands for the node's <c>/</c>.</summary>
    public string HostPath { get; }

    public bool IsSystemRoot => HostPath == "/";

    /// <summary>Host path of an absolute node path.</summary>
    public string Resolve(string nodePath)
    {
        if (!nodePath.StartsWith('/'))
        {
            throw new ArgumentException($"node path must be absolute: {nodePath}", nameof(nodePath));
        }

        return IsSystemRoot ? nodePath : HostPath.TrimEnd('/') + nodePath;
    }

    /// <summary>Node path of a host path under this root, or null when it lies outside.</summary>
    public string? ToNodePath(string hostPath)
    {
        var full = Path.GetFullPath(hostPath);
        if (IsSystemRoot)
        {
            return full;
        }

        var prefix = HostPath.TrimEnd('/');
        if (full == prefix)
        {
            return "/";
        }

        return full.StartsWith(prefix + "/", StringComparison.Ordinal) ? full[prefix.Length..] : null;
    }
}
