using System.CommandLine;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Planning;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.NodeLayout;

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
            if (explicitFile is not null && MissingExplicitFile(Path.GetFullPath(explicitFile)) is { } missing)
            {
                Console.Error.WriteLine(missing);
                return ExitCodes.Invalid;
            }

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

    /// <summary>
    /// An absent desired-state file means "no additional stores" on the node (<see cref="DesiredStateLoader"/>), but a
    /// file named on the command line that does not exist is a typo: calling it valid would let
    /// <c>validate x.toml &amp;&amp; machineconfig --desired x.toml</c> pass the check and fail the delivery.
    /// </summary>
    private static Diagnostic? MissingExplicitFile(string path) =>
        File.Exists(path) || Directory.Exists(path)
            ? null
            : Diagnostic.Error(DesiredStateCodes.FileUnreadable, "cannot stat desired-state file: No such file or directory", path)
                with { Path = path, Errno = "ENOENT" };

    internal static ContainerStorageRoots ReadStorageRoots(NodeRoot root) => StorageConfReader.Roots(new NodeConfigReader(root).Read().Snapshot);
}
