using System.CommandLine;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Cli;

/// <summary>Options shared by the verbs that look at a node.</summary>
internal static class CommonOptions
{
    public static Option<string> Root()
    {
        var option = new Option<string>("--root")
        {
            Description = "Directory that stands for the node's / (for a sandbox); every file is read and written under it",
            DefaultValueFactory = _ => "/",
            HelpName = "DIR",
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (string.IsNullOrEmpty(value) || !Directory.Exists(value))
            {
                result.AddError($"--root: '{value}' is not an existing directory");
            }
        });
        return option;
    }

    /// <summary>
    /// <c>--desired</c> means the same for every verb that has <c>--root</c>: a node path, absolute, read under
    /// <c>--root</c> (a relative path would mean a different file for the daemon and for a shell in another directory).
    /// </summary>
    public static Option<string> Desired()
    {
        var option = new Option<string>("--desired")
        {
            Description = "Desired-state file: an absolute node path, read under --root (--root /srv/n --desired /a.toml reads /srv/n/a.toml)",
            DefaultValueFactory = _ => NodePaths.DesiredState,
            HelpName = "NODE-PATH",
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (string.IsNullOrEmpty(value) || !value.StartsWith('/'))
            {
                result.AddError($"--desired: '{value}' is not absolute; give the node path (e.g. {NodePaths.DesiredState}), which is read under --root");
            }
        });
        return option;
    }

    /// <summary>
    /// A <c>--desired</c> path given on the command line that does not exist is a usage error (exit 2): a typo must not
    /// look like "no stores". The default path missing is left to <c>DesiredStateLoader</c> (an error that keeps the
    /// last applied config).
    /// </summary>
    public static void RequireExplicitDesiredToExist(Command command, Option<string> root, Option<string> desired)
    {
        command.Validators.Add(result =>
        {
            if (result.GetResult(desired) is not { Implicit: false } given || given.Errors.Any()
                || result.GetResult(root) is { } r && r.Errors.Any())
            {
                return;
            }

            var rootPath = result.GetValue(root)!;
            var nodePath = result.GetValue(desired)!;
            if (!Directory.Exists(rootPath) || !nodePath.StartsWith('/'))
            {
                return;
            }

            var host = new NodeRoot(rootPath).Resolve(nodePath);
            if (!File.Exists(host))
            {
                result.AddError($"--desired: {nodePath} does not exist{(rootPath == "/" ? "" : $" under --root {rootPath}")} ({host})");
            }
        });
    }

    public static Option<int> Count(string name, int defaultValue, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        HelpName = "N",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 1)
            {
                return value;
            }

            result.AddError($"{name}: '{text}' is not a whole number of at least 1");
            return defaultValue;
        },
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
