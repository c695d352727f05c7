using System.CommandLine;
using NodeStorageAgent.Hosting;

namespace NodeStorageAgent.Cli;

/// <summary>Options shared by the verbs that look at a node.</summary>
internal static class CommonOptions
{
    public static Option<string> Root() => new("--root")
    {
        Description = "Directory that stands for the node's / (for a sandbox); every file is read and written under it",
        DefaultValueFactory = _ => "/",
    };

    public static Option<string> Desired() => new("--desired")
    {
        Description = "Desired-state file (a node path, resolved under --root)",
        DefaultValueFactory = _ => NodePaths.DesiredState,
    };

    public static Option<OutputFormat> Output() => new("--output", "-o")
    {
        Description = "Output format",
        DefaultValueFactory = _ => OutputFormat.Text,
    };
}

internal enum OutputFormat
{
    Text,
    Json,
}
