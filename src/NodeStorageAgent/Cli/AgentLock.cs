using NodeStorageAgent.Hosting;

namespace NodeStorageAgent.Cli;

/// <summary>
/// One writer at a time: the daemon holds an exclusive lock on <c>/run/node-storage-agent/agent.lock</c> while it
/// runs, and the verbs that write (<c>apply --once</c>, <c>rollback</c>, <c>uninstall</c>) take the same lock, so
/// they never race the daemon over the files and the state. .NET implements <see cref="FileShare.None"/> on Unix with
/// <c>flock(LOCK_EX|LOCK_NB)</c>; the kernel drops the lock when the process dies.
/// </summary>
internal static class AgentLock
{
    public const string NodePath = NodePaths.RunDir + "/agent.lock";

    public static FileStream? TryAcquire(NodeRoot root, out string? problem)
    {
        problem = null;
        var path = root.Resolve(NodePath);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            problem = $"another node-storage-agent holds {NodePath} (is the service running? stop it first: systemctl stop node-storage-agent)";
        }
        catch (UnauthorizedAccessException e)
        {
            problem = $"cannot open {NodePath}: {e.Message}";
        }

        return null;
    }
}
