using System.CommandLine;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Hosting;
using NodeStorageAgent.Planning;
using NodeStorageAgent.Rendering;

namespace NodeStorageAgent.Cli;

/// <summary><c>validate [FILE]</c>: checks a desired-state file with every rule the agent applies. Exit 0 valid, 2 invalid.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("FILE")
        {
            Description = $"Desired-state file to check (default: {NodePaths.DesiredState} under --root)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var root = CommonOptions.Root();
        var command = new Command("validate", "Check a desired-state file (same rules as the ContainerRuntimeConfig API, plus node rules)")
        {
            file, root,
        };
        command.SetAction(parse =>
        {
            var nodeRoot = new NodeRoot(parse.GetValue(root)!);
            var roots = ReadStorageRoots(nodeRoot);
            var explicitFile = parse.GetValue(file);
            var result = explicitFile is null
                ? DesiredStateLoader.For(nodeRoot).Load(NodePaths.DesiredState, roots)
                : new DesiredStateLoader(NodeRoot.System, DesiredStateLoader.DefaultTrustedOwner(nodeRoot), checkDirectories: false).Load(Path.GetFullPath(explicitFile), roots);

            foreach (var diagnostic in result.Diagnostics)
            {
                Console.Error.WriteLine(diagnostic);
            }

            if (!result.IsValid)
            {
                return ExitCodes.Invalid;
            }

            var spec = result.Spec!;
            Console.WriteLine($"valid: {spec.LayerStores.Count} layer, {spec.ImageStores.Count} image, {spec.ArtifactStores.Count} artifact store(s); apply action {spec.Action.ToString().ToLowerInvariant()}");
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static ContainerStorageRoots ReadStorageRoots(NodeRoot root) => StorageConfReader.Roots(new NodeConfigReader(root).Read().Snapshot);
}
