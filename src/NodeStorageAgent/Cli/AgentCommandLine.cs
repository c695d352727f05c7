using System.CommandLine;

namespace NodeStorageAgent.Cli;

/// <summary>The command tree. Each verb lives in its own <c>…Command</c> class; this file only assembles them.</summary>
internal static class AgentCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "NodeStorageAgent: keeps CRI-O's additional layer, image and artifact stores configured, healthy and startable.");
        Command[] verbs =
        [
            RunCommand.Create(),
            StatusCommand.Create(),
            ValidateCommand.Create(),
            PlanCommand.Create(),
            RenderCommand.Create(),
            ProbeCommand.Create(),
            ApplyCommand.Create(),
            RollbackCommand.Create(),
            UninstallCommand.Create(),
            ImportCrcCommand.Create(),
            MachineConfigCommand.Create(),
            TomlCommand.Create(),
        ];
        foreach (var verb in verbs)
        {
            root.Subcommands.Add(verb);
        }

        return root;
    }
}
