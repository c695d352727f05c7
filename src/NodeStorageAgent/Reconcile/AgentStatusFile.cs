using System.Text.Json;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Reconcile;

/// <summary>Reads status.json and decides whether the agent that wrote it is still running.</summary>
public static class AgentStatusFile
{
    /// <summary>A heartbeat older than this means the agent is gone or wedged (it beats at least every probe interval).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    public static byte[] Serialize(AgentStatus status) => JsonSerializer.SerializeToUtf8Bytes(status, AgentStatusJsonContext.Default.AgentStatus);

    /// <summary>The status, or null with a reason when there is none or it cannot be read.</summary>
    public static AgentStatus? Read(NodeRoot root, out string? problem)
    {
        var path = root.Resolve(NodePaths.StatusFile);
        problem = null;
        try
        {
            var bytes = File.ReadAllBytes(path);
            return JsonSerializer.Deserialize(bytes, AgentStatusJsonContext.Default.AgentStatus);
        }
        catch (FileNotFoundException)
        {
            problem = $"{NodePaths.StatusFile} does not exist: the agent is not running";
        }
        catch (DirectoryNotFoundException)
        {
            problem = $"{NodePaths.StatusFile} does not exist: the agent is not running";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            problem = $"cannot read {NodePaths.StatusFile}: {e.Message}";
        }

        return null;
    }

    /// <summary>Whether the writer of <paramref name="status"/> still runs: its pid is alive and its heartbeat fresh.</summary>
    public static bool IsRunning(AgentStatus status, DateTimeOffset now, out string? reason)
    {
        reason = null;
        if (status.Pid <= 0 || !Directory.Exists($"/proc/{status.Pid}"))
        {
            reason = $"process {status.Pid} is gone";
            return false;
        }

        if (now - status.HeartbeatUtc > StaleAfter)
        {
            reason = $"no heartbeat since {status.HeartbeatUtc:u}";
            return false;
        }

        return true;
    }
}
