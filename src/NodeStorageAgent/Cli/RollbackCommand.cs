using System.CommandLine;
using NodeStorageAgent.Activation;
using NodeStorageAgent.Reconcile;

namespace NodeStorageAgent.Cli;

/// <summary>
/// <c>rollback</c>: writes the last-known-good files back and restarts CRI-O when it runs. The configuration rolled
/// back from is marked failed, so the service does not re-apply it until the desired state or store health changes.
/// </summary>
internal static class RollbackCommand
{
    public static Command Create()
    {
        var binder = new AgentOptionsBinder();
        var command = AgentOptionsBinder.AddTo(new Command("rollback", "Restore the last-known-good configuration and restart CRI-O"), binder);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var log = CliLogging.Create();
            var options = binder.Bind(parse);
            using var session = WritingSession.Open(options, log);
            if (session is null)
            {
                return ExitCodes.Failed;
            }

            var runtime = session.Runtime;
            var state = runtime.Reconciler.State;
            if (state.LastKnownGood is not { } good)
            {
                Console.Error.WriteLine("error: no last-known-good configuration is recorded (the agent never applied anything)");
                return ExitCodes.Failed;
            }

            if (state.AppliedDigest == good.Digest)
            {
                Console.Out.WriteLine($"already at the last-known-good configuration (generation {good.Generation})");
                return ExitCodes.Ok;
            }

            // Write-ahead: while the files move back, the state claims the entries of both versions.
            var writeAhead = new List<Diagnostics.Diagnostic>();
            if (!runtime.Reconciler.Commit(state with { OwnedStorageEntries = state.OwnedStorageEntries.Union(state.LastKnownGoodOwnership) }, writeAhead))
            {
                writeAhead.ForEach(d => Console.Error.WriteLine(d));
                return ExitCodes.Failed;
            }

            var outcome = runtime.Applier.RollbackTo(good);
            foreach (var diagnostic in outcome.Diagnostics)
            {
                Console.Error.WriteLine(diagnostic);
            }

            if (!outcome.Succeeded)
            {
                return ExitCodes.Failed;
            }

            var rolledBack = state with
            {
                FailedDigest = state.AppliedDigest,
                AppliedDigest = good.Digest,
                OwnedStorageEntries = state.LastKnownGoodOwnership,
            };
            var saveProblems = new List<Diagnostics.Diagnostic>();
            runtime.Reconciler.Commit(rolledBack, saveProblems);
            Console.Out.WriteLine($"wrote back generation {good.Generation} ({string.Join(", ", outcome.Changed)})");

            var crio = await runtime.Systemctl.IsActiveAsync(options.Crio.Unit, cancellationToken).ConfigureAwait(false);
            if (!crio.IsRunning)
            {
                Console.Out.WriteLine($"{options.Crio.Unit} is not running; it reads the restored files when it starts");
                return saveProblems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
            }

            var restart = await runtime.Systemctl.RestartNoBlockAsync(options.Crio.Unit, cancellationToken).ConfigureAwait(false);
            Console.Out.WriteLine(restart.Succeeded ? $"restarting {options.Crio.Unit}" : $"error: {restart.Describe()}");
            runtime.Reconciler.Commit(runtime.Reconciler.State with { LastRestartUtc = DateTimeOffset.UtcNow }, saveProblems);
            return restart.Succeeded && saveProblems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }
}
