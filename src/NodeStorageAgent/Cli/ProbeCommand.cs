using System.CommandLine;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Probing;
using NodeStorageAgent.Probing.Reporting;
using NodeStorageAgent.Reconcile;

namespace NodeStorageAgent.Cli;

/// <summary><c>probe</c>: every desired store's health, now. Exit 0 all safe to use, 1 some unhealthy, 2 invalid desired state.</summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        var binder = new AgentOptionsBinder();
        var output = CommonOptions.Output();
        var command = AgentOptionsBinder.AddTo(new Command("probe", "Probe every desired store (exists, directory, readable, FUSE mount alive, not hung)"), binder, binder.Probing);
        command.Options.Add(output);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var log = CliLogging.Create();
            var options = binder.Bind(parse);
            var roots = ValidateCommand.ReadStorageRoots(options.Root);
            var desired = DesiredStateLoader.For(options.Root).Load(options.DesiredStatePath, roots);
            foreach (var diagnostic in desired.Diagnostics)
            {
                Console.Error.WriteLine(diagnostic);
            }

            if (!desired.IsValid)
            {
                return ExitCodes.Invalid;
            }

            using var prober = new StoreProber(options.Root, options.Probe, TimeProvider.System);
            var results = await prober.ProbeAsync(desired.Spec!.AllStores.ToList(), cancellationToken).ConfigureAwait(false);
            Console.Out.Write(parse.GetValue(output) == OutputFormat.Json
                ? ProbeReportFormatter.FormatJson(results) + "\n"
                : ProbeReportFormatter.FormatTable(results));
            return results.All(r => r.Health != StoreHealth.Unhealthy) ? ExitCodes.Ok : ExitCodes.Pending;
        });
        return command;
    }
}
