using NodeStorageAgent.Planning;
using NodeStorageAgent.Probing;
using NodeStorageAgent.Reconcile;
using Serilog;

namespace NodeStorageAgent.Cli;

/// <summary>
/// What <c>plan</c> and <c>render</c> share: probe the desired stores once (no hysteresis history in a one-shot run:
/// each store is judged by this probe, as the daemon judges a store it sees for the first time) and render against the
/// ownership recorded in state.json. Reads only; touches nothing on the node.
/// </summary>
internal static class PlanningSession
{
    public sealed record Outcome(PlanResult Plan, IReadOnlyList<StoreProbeResult> Probes)
    {
        /// <summary>Prints every diagnostic to stderr; true when a plan exists to show or write.</summary>
        public bool Report()
        {
            foreach (var diagnostic in Plan.Diagnostics)
            {
                Console.Error.WriteLine(diagnostic);
            }

            return Plan.Succeeded;
        }
    }

    public static async Task<Outcome> RunAsync(AgentOptions options, ILogger log, CancellationToken cancellationToken)
    {
        using var runtime = new AgentRuntime(options, AgentOptionsBinder.NoNotifier(log), TimeProvider.System, log);
        var state = runtime.StateStore.Load();
        if (state.Problem is { } problem)
        {
            log.Warning("{Problem}", problem.ToString());
        }

        IReadOnlyList<StoreProbeResult> probes = [];
        var plan = await new ConfigPlanner(options.Root).PlanAsync(options.DesiredStatePath, state.State.OwnedStorageEntries, async desired =>
        {
            probes = await runtime.Prober.ProbeAsync(desired.AllStores.ToList(), cancellationToken).ConfigureAwait(false);
            var safe = probes.Where(p => p.IsSafe).Select(p => p.Store).ToHashSet();
            return safe.Contains;
        }).ConfigureAwait(false);
        return new Outcome(plan, probes);
    }
}
