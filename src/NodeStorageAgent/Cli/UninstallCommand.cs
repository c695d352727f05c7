using System.CommandLine;
using NodeStorageAgent.Apply;
using NodeStorageAgent.Hosting;

namespace NodeStorageAgent.Cli;

/// <summary>
/// <c>uninstall</c>: puts back every file the agent ever changed, as it was before the first change (or removes it
/// when it did not exist), e.g. from the RPM's <c>%preun</c>. CRI-O is not restarted: the admin (or the reboot that
/// follows an RHCOS layering change) does that.
/// </summary>
internal static class UninstallCommand
{
    public static Command Create()
    {
        var root = CommonOptions.Root();
        var command = new Command("uninstall", "Restore the original storage.conf and remove our CRI-O drop-in") { root };
        command.SetAction(parse =>
        {
            var nodeRoot = new NodeRoot(parse.GetValue(root)!);
            using var agentLock = AgentLock.TryAcquire(nodeRoot, out var problem);
            if (agentLock is null)
            {
                Console.Error.WriteLine($"error: {problem}");
                return ExitCodes.Failed;
            }

            var result = new BackupStore(nodeRoot, new AtomicFileWriter()).RestoreOriginals();
            foreach (var path in result.Restored)
            {
                Console.Out.WriteLine($"restored {path}");
            }

            foreach (var path in result.Deleted)
            {
                Console.Out.WriteLine($"removed {path} (it did not exist before node-storage-agent)");
            }

            foreach (var diagnostic in result.Diagnostics)
            {
                Console.Error.WriteLine(diagnostic);
            }

            if (result.Restored.Count + result.Deleted.Count > 0)
            {
                Console.Out.WriteLine("restart crio.service to stop using the additional stores");
            }

            return result.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }
}
