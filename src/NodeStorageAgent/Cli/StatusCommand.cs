using System.CommandLine;
using System.Text;
using NodeStorageAgent.Planning;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.Reconcile;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Cli;

/// <summary><c>status</c>: what the running agent last reported. Exit 0 healthy, 1 degraded or starting, 3 not running.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var root = CommonOptions.Root();
        var output = CommonOptions.Output();
        var command = new Command("status", "Show the running agent's store health, applied generation and pending actions") { root, output };
        command.SetAction(parse =>
        {
            var nodeRoot = new NodeRoot(parse.GetValue(root)!);
            var status = AgentStatusFile.Read(nodeRoot, out var problem);
            var json = parse.GetValue(output) == OutputFormat.Json;
            if (status is null)
            {
                if (json)
                {
                    // -o json always prints JSON, so scripts can parse whatever happened.
                    Console.Out.WriteLine(NotRunningJson(problem!));
                }

                Console.Error.WriteLine($"node-storage-agent: not running ({problem})");
                return ExitCodes.Failed;
            }

            status = AgreeWithTheFiles(status, nodeRoot);
            var running = AgentStatusFile.IsRunning(status, DateTimeOffset.UtcNow, out var why);
            status = status with { EffectiveStores = EffectiveStoreViews.Read(new NodeConfigReader(nodeRoot).Read().Snapshot) };
            if (json)
            {
                Console.Out.Write(Encoding.UTF8.GetString(AgentStatusFile.Serialize(status)));
                Console.Out.WriteLine();
            }
            else
            {
                Console.Out.Write(Format(status, running ? null : why));
            }

            return !running ? ExitCodes.Failed : status.Health == AgentHealth.Healthy ? ExitCodes.Ok : ExitCodes.Pending;
        });
        return command;
    }

    internal static string Format(AgentStatus status, string? notRunning)
    {
        var text = new StringBuilder();
        var state = notRunning is null ? status.Health.ToString().ToLowerInvariant()
            : status.LastTrigger == nameof(ReconcileTrigger.Once)
                ? $"no daemon is running; last applied by `apply --once` at {status.LastReconcileUtc:u}"
                : $"NOT RUNNING ({notRunning}); last report";
        text.AppendLine($"node-storage-agent: {state}: {status.Summary}");
        text.AppendLine($"pid {status.Pid}, started {status.StartedUtc:u}, last reconcile {status.LastReconcileUtc:u} ({status.LastTrigger}), apply action {status.ApplyAction}");
        if (status.Stores.Count > 0)
        {
            text.AppendLine();
            text.Append(Table.Render(
                ["KIND", "PATH", "HEALTH", "IN CONFIG", "REASON", "ERRNO", "MS", "HINT"],
                status.Stores.Select(s => new[]
                {
                    s.Kind, s.Path, s.Health, s.InConfig ? "yes" : "no", s.Reason, s.Errno ?? "-", s.ElapsedMs.ToString("0.0"), s.Hint,
                })));
        }

        if (status.EffectiveStores is { } views)
        {
            text.AppendLine().AppendLine("Effective stores (read from the node's files now):");
            text.Append(Table.Render(["READER", "IMAGE STORES", "LAYER STORES", "ARTIFACT STORES"],
            [
                View("crio", views.Crio),
                View("podman", views.Podman),
            ]));
            if (!views.Crio.ImageStores.SequenceEqual(views.Podman.ImageStores) || !views.Crio.LayerStores.SequenceEqual(views.Podman.LayerStores))
            {
                text.AppendLine("  podman, buildah and skopeo read storage.conf only, not CRI-O's drop-ins (docs/fleet.md)");
            }
        }

        Section(text, "Pending", status.PendingActions);
        Section(text, "Errors", status.Errors);
        Section(text, "Warnings", status.Warnings);
        return text.ToString();
    }

    private static string[] View(string reader, EffectiveStores stores) =>
        [reader, List(stores.ImageStores), List(stores.LayerStores), reader == "podman" ? "(n/a)" : List(stores.ArtifactStores)];

    private static string List(IReadOnlyList<string> paths) => paths.Count == 0 ? "-" : string.Join(",", paths);

    /// <summary>
    /// "In config" as the node's files say, not as the agent decided: a decision the agent could not write (a held
    /// config, a layer store the storage driver cannot take) must not show as "yes".
    /// </summary>
    private static AgentStatus AgreeWithTheFiles(AgentStatus status, NodeRoot root)
    {
        var (snapshot, problems) = new NodeConfigReader(root).Read();
        if (problems.Any(p => p.IsError))
        {
            return status;
        }

        var configured = ConfiguredStores.From(snapshot);
        return status with { Stores = status.Stores.Select(s => s with { InConfig = configured.Contains(s.Kind, s.Path) }).ToList() };
    }

    private static string NotRunningJson(string problem)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("running", false);
            writer.WriteString("problem", problem);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Section(StringBuilder text, string title, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        text.AppendLine().AppendLine(title + ":");
        foreach (var line in lines)
        {
            text.Append("  ").AppendLine(line);
        }
    }
}
