using System.Globalization;

namespace NodeStorageAgent.Probing.Mounts;

/// <summary>
/// Reads fusectl (<c>/sys/fs/fuse/connections/&lt;minor&gt;/waiting</c>): the number of requests the daemon has not
/// answered. Readable without blocking while the mount hangs (docs/node-findings.md §1.2).
/// </summary>
public sealed class FuseConnections(string connectionsDir)
{
    /// <summary>The waiting count, or null when fusectl is not mounted or the connection is gone.</summary>
    public int? Waiting(MountInfoEntry mount)
    {
        if (!mount.IsFuse)
        {
            return null;
        }

        try
        {
            var text = File.ReadAllText(Path.Combine(connectionsDir, mount.Minor.ToString(CultureInfo.InvariantCulture), "waiting"));
            return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
