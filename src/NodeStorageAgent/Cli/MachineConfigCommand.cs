using System.CommandLine;
using System.Text;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Fleet;

namespace NodeStorageAgent.Cli;

/// <summary>
/// <c>machineconfig --pool POOL (--desired FILE | --crc FILE) [--enable-unit]</c>: prints the nodeDisruptionPolicy
/// that keeps changes of the desired-state file from rebooting the pool, and the MachineConfig that installs the file
/// (docs/fleet.md). Output is YAML on stdout, for <c>oc apply --server-side -f -</c>.
/// </summary>
/// <remarks>
/// The file is checked with the parser <c>validate</c> uses, and refused with the same diagnostics and exit code 2:
/// a MachineConfig goes to a whole pool, and an invalid file there only makes every agent keep its old config. It is
/// checked against the default graph/run roots (those of RHCOS), not this machine's storage.conf: the file is for the
/// pool's nodes. Owner and mode checks do not apply (the Machine Config Daemon writes it as root, mode 0644).
/// <c>--crc</c> takes a ContainerRuntimeConfig instead and converts it as <c>import-crc</c> does, in one step.
/// </remarks>
internal static class MachineConfigCommand
{
    public const string UnreadableDesiredCode = "NSA1902";

    public const string InputChoiceCode = "NSA1903";

    public static Command Create()
    {
        var pool = new Option<string>("--pool")
        {
            Description = "Machine config pool to target (its name, e.g. worker); becomes the role label",
            Required = true,
        };
        var desired = new Option<string?>("--desired")
        {
            Description = "Desired-state file to deliver to /etc/node-storage-agent/desired-state.toml",
        };
        var crc = new Option<string?>("--crc")
        {
            Description = "ContainerRuntimeConfig YAML to convert (as import-crc does) and deliver instead of --desired; - for stdin",
        };
        var enableUnit = new Option<bool>("--enable-unit")
        {
            Description = "Also enable node-storage-agent.service through the MachineConfig (for images that do not " +
                "enable it; the first rollout then reboots each node once)",
        };
        var command = new Command("machineconfig", "Print a MachineConfig delivering a desired-state file to a pool")
        {
            pool,
            desired,
            crc,
            enableUnit,
        };
        command.SetAction(parse => Run(
            new Request(
                parse.GetRequiredValue(pool),
                parse.GetValue(desired),
                parse.GetValue(crc),
                parse.GetValue(enableUnit) ? UnitEnablement.MachineConfig : UnitEnablement.Image),
            Console.In,
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    internal sealed record Request(string Pool, string? DesiredPath, string? CrcPath, UnitEnablement Unit);

    internal static int Run(Request request, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (PoolNameValidator.Validate(request.Pool) is { } invalidPool)
        {
            stderr.WriteLine(invalidPool);
            return ExitCodes.Invalid;
        }

        var (bytes, diagnostics) = (request.DesiredPath, request.CrcPath) switch
        {
            ({ } path, null) => ReadDesiredState(path),
            (null, { } path) => ImportContainerRuntimeConfig(path, stdin),
            _ => ((byte[]?)null, (IReadOnlyList<Diagnostic>)[Diagnostic.Error(InputChoiceCode, "give exactly one of --desired FILE and --crc FILE")]),
        };
        if (bytes is not null)
        {
            var checkedFile = DesiredStateParser.Parse(bytes, request.DesiredPath ?? request.CrcPath!, ContainerStorageRoots.Default);
            diagnostics = [.. diagnostics, .. checkedFile.Diagnostics];
            if (!checkedFile.IsValid)
            {
                bytes = null;
            }
        }

        foreach (var diagnostic in diagnostics)
        {
            stderr.WriteLine(diagnostic);
        }

        if (bytes is null)
        {
            return ExitCodes.Invalid;
        }

        stdout.Write(MachineConfigRenderer.Render(request.Pool, bytes, request.Unit));
        return ExitCodes.Ok;
    }

    private static (byte[]? Bytes, IReadOnlyList<Diagnostic> Diagnostics) ImportContainerRuntimeConfig(string path, TextReader stdin)
    {
        string yaml;
        try
        {
            yaml = path == "-" ? stdin.ReadToEnd() : File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, [Unreadable(path, e, "ContainerRuntimeConfig file")]);
        }

        var imported = ContainerRuntimeConfigImporter.Import(yaml, path == "-" ? "<stdin>" : path, ContainerStorageRoots.Default);
        return (imported.Toml is null ? null : Encoding.UTF8.GetBytes(imported.Toml), imported.Diagnostics);
    }

    private static (byte[]? Bytes, IReadOnlyList<Diagnostic> Diagnostics) ReadDesiredState(string path)
    {
        try
        {
            return (File.ReadAllBytes(path), []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, [Unreadable(path, e, "desired-state file")]);
        }
    }

    private static Diagnostic Unreadable(string path, Exception e, string what)
    {
        var errno = e switch
        {
            FileNotFoundException or DirectoryNotFoundException => "ENOENT",
            UnauthorizedAccessException => Directory.Exists(path) ? "EISDIR" : "EACCES",
            _ => $"errno {e.HResult}",
        };
        return new Diagnostic(UnreadableDesiredCode, DiagnosticSeverity.Error,
            $"cannot read the {what}: {e.Message}", File: path, Path: path, Errno: errno);
    }
}
