using System.CommandLine;
using NodeStorageAgent.Apply;
using NodeStorageAgent.Planning;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.Persistence;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Cli;

/// <summary>
/// <c>uninstall</c>: takes out what the agent added, e.g. from the RPM's <c>%preun</c>. Our drop-in goes (it is ours
/// alone). storage.conf gets its original bytes back only when nobody touched it since our last write; otherwise only
/// our entries come out and every edit an admin made since stays (and a file we created that an admin then edited is
/// kept). CRI-O is not restarted: the admin (or the reboot that follows an RHCOS layering change) does that.
/// </summary>
internal static class UninstallCommand
{
    public static Command Create()
    {
        var root = CommonOptions.Root();
        var command = new Command("uninstall", "Remove our entries from storage.conf and our CRI-O drop-in (restoring the original storage.conf if unchanged since our last write)") { root };
        command.SetAction(parse =>
        {
            var nodeRoot = new NodeRoot(parse.GetValue(root)!);
            using var agentLock = AgentLock.TryAcquire(nodeRoot, out var problem);
            if (agentLock is null)
            {
                Console.Error.WriteLine($"error: {problem}");
                return ExitCodes.Failed;
            }

            var writer = new AtomicFileWriter();
            var backups = new BackupStore(nodeRoot, writer);
            var state = new AgentStateStore(nodeRoot, writer).Load().State;
            var (node, readErrors) = new NodeConfigReader(nodeRoot).Read();
            var changed = new List<string>();
            var failed = readErrors.Any(d => d.IsError);
            foreach (var diagnostic in readErrors)
            {
                Console.Error.WriteLine(diagnostic);
            }

            // storage.conf: our entries come out of the file as it is now; its original bytes come back only when they
            // say the same (so an admin's edit since is never lost), and a file we created goes only if untouched.
            var restoreStorageConf = false;
            if (!failed && backups.TryGetOriginal(NodePaths.StorageConf, out var original))
            {
                var ourLastWrite = state.AppliedFiles?.FirstOrDefault(f => f.NodePath == NodePaths.StorageConf)?.Content;
                var reverted = OwnedEntriesReverter.Revert(node.EtcStorageConf, state.OwnedStorageEntries, StorageOwnership.None, original, ourLastWrite);
                reverted.Diagnostics.ToList().ForEach(d => Console.Error.WriteLine(d));
                failed |= !reverted.Succeeded;
                restoreStorageConf = reverted.Succeeded && Same(reverted.Content, original);
                if (reverted.Succeeded && !restoreStorageConf && !Same(reverted.Content, node.EtcStorageConf))
                {
                    var path = nodeRoot.Resolve(NodePaths.StorageConf);
                    var write = reverted.Content is null ? writer.Delete(path)
                        : writer.Write(path, reverted.Content, StagingPolicy.OptionsFor(nodeRoot, NodePaths.StorageConf));
                    if (write.Failed)
                    {
                        Console.Error.WriteLine(write.Diagnostic);
                        failed = true;
                    }
                    else
                    {
                        changed.Add(NodePaths.StorageConf);
                    }
                }
            }

            // Every other file of ours (the drop-in) gets its original back; storage.conf's backup is dropped once the
            // file is right.
            var result = failed
                ? new RestoreResult([], [], [])
                : backups.RestoreOriginals(nodePath => nodePath != NodePaths.StorageConf || restoreStorageConf);
            foreach (var path in changed)
            {
                Console.Out.WriteLine($"removed our entries from {path} (every other edit made since stays)");
            }

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

            if (changed.Count + result.Restored.Count + result.Deleted.Count > 0)
            {
                Console.Out.WriteLine("restart crio.service to stop using the additional stores");
            }

            return result.Succeeded && !failed ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
}
