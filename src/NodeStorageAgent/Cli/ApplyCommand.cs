using System.CommandLine;
using NodeStorageAgent.Reconcile;

namespace NodeStorageAgent.Cli;

/// <summary>
/// <c>apply --once</c>: one reconcile pass and, when the config changed, its activation right away (no quiet period or
/// rate limit: an admin asked for it). Refuses while the service runs. Exit 0 applied or nothing to do, 2 invalid
/// input, 3 apply or activation failed.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create()
    {
        var binder = new AgentOptionsBinder();
        var once = new Option<bool>("--once") { Description = "Reconcile once and exit; optional, since it is what apply always does (the service is `run`)" };
        var command = AgentOptionsBinder.AddTo(new Command("apply", "Reconcile once now: probe, write the config atomically, restart CRI-O if it changed"), binder);
        command.Options.Add(once);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var log = CliLogging.Create();
            var options = binder.Bind(parse) with { RestartQuietPeriod = TimeSpan.Zero, RestartMinInterval = TimeSpan.Zero, BootStoreWait = TimeSpan.Zero };
            using var session = WritingSession.Open(options, log);
            if (session is null)
            {
                return ExitCodes.Failed;
            }

            var runtime = session.Runtime;
            var result = await runtime.Loop.StartAsync(cancellationToken, ReconcileTrigger.Once).ConfigureAwait(false);
            foreach (var diagnostic in result.Diagnostics)
            {
                Console.Error.WriteLine(diagnostic);
            }

            if (runtime.Loop.ActivationProblem is { } activation)
            {
                Console.Error.WriteLine($"error: {activation}");
            }

            Console.Out.WriteLine(runtime.Loop.Status!.Summary);
            var errors = result.Diagnostics.Where(d => d.IsError).ToList();
            return errors.Any(d => d.Code.StartsWith("NSA1", StringComparison.Ordinal) || d.Code.StartsWith("NSA3", StringComparison.Ordinal)) ? ExitCodes.Invalid
                : errors.Count > 0 || runtime.Loop.ActivationProblem is not null ? ExitCodes.Failed
                : ExitCodes.Ok;
        });
        return command;
    }
}
