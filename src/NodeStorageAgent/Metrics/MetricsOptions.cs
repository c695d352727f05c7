namespace NodeStorageAgent.Metrics;

/// <summary>Where the agent's metrics go: a node-exporter textfile-collector directory (a node path), or nowhere.</summary>
public sealed record MetricsOptions
{
    /// <summary>
    /// OpenShift's node-exporter runs with <c>--collector.textfile.directory=/var/node_exporter/textfile</c>, but that
    /// path is an <c>emptyDir</c> inside its pod, filled by its init container only
    /// (openshift/cluster-monitoring-operator, assets/node-exporter/daemonset.yaml). The agent writes the same path on
    /// the host, where a node-exporter that mounts it (hostPath, or the host root it already mounts at
    /// <c>/host/root</c>) reads it; docs/monitoring.md says how.
    /// </summary>
    public const string DefaultTextfileDirectory = "/var/node_exporter/textfile";

    /// <summary>node-exporter reads only <c>*.prom</c> files; our temp files (<c>.nsa-…prom.&lt;random&gt;</c>) never match.</summary>
    public const string FileName = "node-storage-agent.prom";

    /// <summary>The <c>--metrics-textfile-dir</c> value that turns the export off.</summary>
    public const string Off = "off";

    public static readonly MetricsOptions Disabled = new() { TextfileDirectory = null };

    /// <summary>Node path of the directory, or null when the export is off.</summary>
    public string? TextfileDirectory { get; init; } = DefaultTextfileDirectory;

    public string? FilePath => TextfileDirectory is { } directory ? Path.Combine(directory, FileName) : null;

    /// <summary>From the command line: <c>off</c> (or an empty value) disables the export; anything else must be absolute.</summary>
    public static MetricsOptions Parse(string? value, out string? problem)
    {
        problem = null;
        if (string.IsNullOrEmpty(value) || value == Off)
        {
            return Disabled;
        }

        if (!value.StartsWith('/'))
        {
            problem = $"--metrics-textfile-dir must be an absolute path or '{Off}', not '{value}'";
            return Disabled;
        }

        return new MetricsOptions { TextfileDirectory = value.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/" };
    }
}
