using System.CommandLine;
using NodeStorageAgent.DesiredState;

namespace NodeStorageAgent.Cli;

/// <summary><c>import-crc FILE</c>: prints the desired-state TOML equivalent to a ContainerRuntimeConfig YAML.</summary>
internal static class ImportCrcCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "ContainerRuntimeConfig YAML (kind: ContainerRuntimeConfig); - for stdin" };
        var command = new Command("import-crc", "Print the desired-state TOML equivalent to an OpenShift ContainerRuntimeConfig") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            string yaml;
            try
            {
                yaml = path == "-" ? Console.In.ReadToEnd() : File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"{path}: error: {e.Message}");
                return ExitCodes.Invalid;
            }

            var result = ContainerRuntimeConfigImporter.Import(yaml, path == "-" ? "<stdin>" : path, ContainerStorageRoots.Default);
            foreach (var diagnostic in result.Diagnostics)
            {
                Console.Error.WriteLine(diagnostic);
            }

            if (result.Toml is null)
            {
                return ExitCodes.Invalid;
            }

            Console.Out.Write(result.Toml);
            return ExitCodes.Ok;
        });
        return command;
    }
}
