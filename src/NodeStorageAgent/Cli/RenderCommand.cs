using System.CommandLine;

namespace NodeStorageAgent.Cli;

/// <summary><c>render --output-dir OUT</c>: writes the files apply would write under OUT at their node paths; touches
/// nothing under the root.</summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var binder = new AgentOptionsBinder();
        var outputDir = new Option<string>("--output-dir") { Description = "Directory to write the rendered files under (e.g. OUT/etc/containers/storage.conf)", Required = true };
        var command = AgentOptionsBinder.AddTo(new Command("render", "Write the files apply would write under a separate directory, for review"), binder, binder.Probing);
        command.Options.Add(outputDir);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = binder.Bind(parse);
            var output = Path.GetFullPath(parse.GetValue(outputDir)!);
            if (RenderOutputGuard.Refusal(Resolved(output), Resolved(options.Root.HostPath)) is { } refusal)
            {
                Console.Error.WriteLine($"error: {refusal}");
                return ExitCodes.Invalid;
            }

            using var log = CliLogging.Create();
            var session = await PlanningSession.RunAsync(options, log, cancellationToken).ConfigureAwait(false);
            if (!session.Report())
            {
                return ExitCodes.Invalid;
            }

            foreach (var file in session.Result.Plan!.Files)
            {
                var target = output.TrimEnd('/') + file.NodePath;
                if (file.Content is null)
                {
                    Console.Out.WriteLine($"{file.NodePath}: absent (apply would {(file.RenderedFrom?.Content is null ? "leave it absent" : "remove it")})");
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, file.Content);
                Console.Out.WriteLine($"{file.NodePath}: {(file.Changed ? "changed" : "unchanged")} -> {target}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The path with symlinks resolved as far as it exists (the output directory may not exist yet).</summary>
    private static string Resolved(string path)
    {
        var existing = path;
        var rest = "";
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            rest = "/" + Path.GetFileName(existing) + rest;
            existing = parent;
        }

        var real = Mono.Unix.UnixPath.GetRealPath(existing);
        return real == "/" ? (rest.Length == 0 ? "/" : rest) : real + rest;
    }
}
