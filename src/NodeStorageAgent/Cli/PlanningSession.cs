using NodeStorageAgent.Reconcile;
using Serilog;

namespace NodeStorageAgent.Cli;

/// <summary>
/// What <c>plan</c> and <c>render</c> share: one pass of the daemon's own <see cref="ReconcilePipeline"/> (a fresh
/// hysteresis: each store is judged by this probe, as the daemon judges a store it sees for the first time), rendered
/// against the ownership recorded in state.json. Reads only; touches nothing on the node.
/// </summary>
internal static class PlanningSession
{
    public sealed record Outcome(ReconcileResult Result)
    {
        /// <summary>Prints every diagnostic to stderr; true when a plan exists to show or write.</summary>
        public bool Report()
        {
            foreach (var diagnostic in Result.Diagnostics)
            {
                Console.Error.WriteLine(diagnostic);
            }

            return Result.Plan is not null && !Result.HasErrors;
        }
    }

    public static async Task<Outcome> RunAsync(AgentOptions options, ILogger log, CancellationToken cancellationToken)
    {
        using var runtime = new AgentRuntime(options, AgentOptionsBinder.NoNotifier(log), TimeProvider.System, log);
        var owned = runtime.LoadState().OwnedStorageEntries;
        return new Outcome(await runtime.Pipeline.RunAsync(ReconcileTrigger.Once, owned, probe: true, cancellationToken).ConfigureAwait(false));
    }
}
