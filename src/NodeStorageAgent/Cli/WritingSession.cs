using NodeStorageAgent.Reconcile;
using Serilog;

namespace NodeStorageAgent.Cli;

/// <summary>
/// What the verbs that change the node (<c>apply --once</c>, <c>rollback</c>) share: the agent lock (never race the
/// service), then a prepared <see cref="AgentRuntime"/> (temp files swept, state loaded).
/// </summary>
internal sealed class WritingSession : IDisposable
{
    private readonly AgentLock _lock;

    private WritingSession(AgentLock agentLock, AgentRuntime runtime)
    {
        _lock = agentLock;
        Runtime = runtime;
    }

    public AgentRuntime Runtime { get; }

    /// <summary>Null (after printing why) when another agent holds the lock.</summary>
    public static WritingSession? Open(AgentOptions options, ILogger log)
    {
        var agentLock = AgentLock.TryAcquire(options.Root, out var problem);
        if (agentLock is null)
        {
            Console.Error.WriteLine($"error: {problem}");
            return null;
        }

        var runtime = new AgentRuntime(options, AgentOptionsBinder.NoNotifier(log), TimeProvider.System, log);
        runtime.Prepare();
        return new WritingSession(agentLock, runtime);
    }

    public void Dispose()
    {
        Runtime.Dispose();
        _lock.Dispose();
    }
}
