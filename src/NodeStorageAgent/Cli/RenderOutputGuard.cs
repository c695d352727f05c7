using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Cli;

/// <summary>
/// Pure: whether <c>render --output-dir</c> may write under a directory. <c>render</c> promises to touch nothing the
/// node uses, so the output directory must not be the root (its files would land on the live paths), <c>/</c>, or
/// inside a directory whose files the node reads: CRI-O parses every file under crio.conf.d recursively
/// (docs/upstream.md §2.4), so even <c>OUT/etc/crio/crio.conf.d/...</c> below it would be live config.
/// </summary>
internal static class RenderOutputGuard
{
    private static readonly string[] s_managed =
    [
        "/etc/containers",
        "/etc/crio",
        "/etc/node-storage-agent",
        "/usr/share/containers",
        NodePaths.StateDir,
        NodePaths.RunDir,
    ];

    /// <param name="output">The output directory, absolute, symlinks resolved.</param>
    /// <param name="root">The node root's host path, absolute, symlinks resolved.</param>
    /// <returns>Why the directory is refused, or null.</returns>
    public static string? Refusal(string output, string root)
    {
        output = Trim(output);
        root = Trim(root);
        if (output == "/")
        {
            return "--output-dir is /: the rendered files would replace the host's live ones";
        }

        if (output == root)
        {
            return $"--output-dir is the --root ({root}): the rendered files would replace the live ones; use a separate directory";
        }

        foreach (var managed in s_managed)
        {
            var live = Trim((root == "/" ? "" : root) + managed);
            if (output == live || output.StartsWith(live + "/", StringComparison.Ordinal))
            {
                return $"--output-dir {output} is inside {managed} of the --root, which the node reads; use a directory outside it";
            }
        }

        return null;
    }

    private static string Trim(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}
