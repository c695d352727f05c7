using System.CommandLine;
using System.Text;
using NodeStorageAgent.Probing.Reporting;
using NodeStorageAgent.Rendering;

namespace NodeStorageAgent.Cli;

/// <summary><c>plan</c>: what <c>apply</c> would write now, as a unified diff. Exit 0 nothing to do, 1 changes pending, 2 invalid input.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var binder = new AgentOptionsBinder();
        var command = AgentOptionsBinder.AddTo(new Command("plan", "Show, as a unified diff, what apply would write for the current desired state and store health"), binder, binder.Probing);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var log = CliLogging.Create();
            var session = await PlanningSession.RunAsync(binder.Bind(parse), log, cancellationToken).ConfigureAwait(false);
            if (!session.Report())
            {
                return ExitCodes.Invalid;
            }

            if (session.Result.Probes.Count > 0)
            {
                Console.Error.Write(ProbeReportFormatter.FormatTable(session.Result.Probes));
            }

            var changed = session.Result.Plan!.ChangedFiles.ToList();
            foreach (var file in changed)
            {
                Console.Out.Write(UnifiedDiff.Create(
                    file.NodePath, file.NodePath, Text(file.RenderedFrom?.Content), Text(file.Content)));
            }

            Console.Error.WriteLine(changed.Count == 0 ? "nothing to do" : $"{changed.Count} file(s) would change");
            return changed.Count == 0 ? ExitCodes.Ok : ExitCodes.Pending;
        });
        return command;
    }

    private static string? Text(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);
}
