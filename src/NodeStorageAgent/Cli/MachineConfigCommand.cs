using System.CommandLine;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Fleet;

namespace NodeStorageAgent.Cli;

/// <summary>
/// <c>machineconfig --pool POOL --desired FILE</c>: prints the MachineConfig that installs FILE as the pool's desired
/// state and enables the agent, plus the nodeDisruptionPolicy that keeps later changes of FILE from rebooting the
/// pool (docs/fleet.md). Output is YAML on stdout, for <c>oc apply --server-side -f -</c>.
/// </summary>
internal static class MachineConfigCommand
{
    public const string UnreadableDesiredCode = "NSA1902";

    public static Command Create()
    {
        var pool = new Option<string>("--pool")
        {
            Description = "Machine config pool to target (its name, e.g. worker); becomes the role label",
            Required = true,
        };
        var desired = new Option<string>("--desired")
        {
            Description = "Desired-state file to deliver to /etc/node-storage-agent/desired-state.toml",
            Required = true,
        };
        var command = new Command("machineconfig", "Print a MachineConfig delivering a desired-state file to a pool")
        {
            pool,
            desired,
        };
        command.SetAction(parse => Run(
            parse.GetRequiredValue(pool),
            parse.GetRequiredValue(desired),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(string pool, string desiredPath, TextWriter stdout, TextWriter stderr)
    {
        if (PoolNameValidator.Validate(pool) is { } invalidPool)
        {
            stderr.WriteLine(invalidPool);
            return ExitCodes.Invalid;
        }

        var read = ReadDesiredState(desiredPath);
        if (read.Error is { } unreadable)
        {
            stderr.WriteLine(unreadable);
            return ExitCodes.Invalid;
        }

        stdout.Write(MachineConfigRenderer.Render(pool, read.Bytes));
        return ExitCodes.Ok;
    }

    private static (byte[] Bytes, Diagnostic? Error) ReadDesiredState(string path)
    {
        try
        {
            return (File.ReadAllBytes(path), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var errno = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "ENOENT",
                UnauthorizedAccessException => Directory.Exists(path) ? "EISDIR" : "EACCES",
                _ => $"errno {e.HResult}",
            };
            return ([], new Diagnostic(UnreadableDesiredCode, DiagnosticSeverity.Error,
                $"cannot read the desired-state file: {e.Message}", File: path, Path: path, Errno: errno));
        }
    }
}
