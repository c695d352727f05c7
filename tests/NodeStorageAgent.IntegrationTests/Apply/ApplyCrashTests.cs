using System.Diagnostics;
using NodeStorageAgent.Apply;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.Persistence;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.IntegrationTests.Apply;

/// <summary>
/// Kills a child that applies two configurations in a loop with SIGKILL at random moments, then checks what a
/// restarted agent (and CRI-O) would find: every file is exactly the old or the new version, no temp file sits in
/// crio.conf.d, and state.json loads.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ApplyCrashTests
{
    private const int Iterations = 200;

    [Fact]
    public void SigkillAtRandomPointsNeverLeavesATornOrStrayFile()
    {
        var root = new NodeRoot(Directory.CreateTempSubdirectory("nsa-crash-").FullName);
        try
        {
            var storage = root.Resolve(NodePaths.StorageConf);
            var dropIn = root.Resolve(NodePaths.CrioDropIn);
            var writer = new AtomicFileWriter();
            Assert.False(writer.Write(storage, ApplyChild.StorageConf('A')).Failed);
            Assert.False(writer.Write(dropIn, ApplyChild.DropIn('A'), StagingPolicy.OptionsFor(root, NodePaths.CrioDropIn)).Failed);

            var random = new Random(5);
            var store = new AgentStateStore(root, writer);
            var versionsSeen = new HashSet<string>();
            var flips = 0;
            var previous = "";
            for (var i = 0; i < Iterations; i++)
            {
                // One apply (2 files, backups, state) takes ~30 ms here: kill anywhere in the first few.
                RunAndKill(root, TimeSpan.FromMilliseconds(random.Next(0, 80)));

                var storageNow = File.ReadAllBytes(storage);
                Assert.True(storageNow.AsSpan().SequenceEqual(ApplyChild.StorageConf('A')) || storageNow.AsSpan().SequenceEqual(ApplyChild.StorageConf('B')),
                    $"iteration {i}: storage.conf is neither version ({storageNow.Length} bytes)");
                var dropInNow = File.ReadAllBytes(dropIn);
                Assert.True(dropInNow.AsSpan().SequenceEqual(ApplyChild.DropIn('A')) || dropInNow.AsSpan().SequenceEqual(ApplyChild.DropIn('B')),
                    $"iteration {i}: the drop-in is neither version");
                Assert.Equal(["99-node-storage-agent.conf"], Directory.GetFileSystemEntries(root.Resolve(NodePaths.CrioConfDir), "*", SearchOption.AllDirectories).Select(Path.GetFileName));
                var state = store.Load();
                Assert.True(state.Problem is null, $"iteration {i}: {state.Problem}");
                var version = System.Text.Encoding.UTF8.GetString(storageNow[..60]);
                versionsSeen.Add(version);
                flips += version == previous ? 0 : 1;
                previous = version;

                // What the agent does at start; afterwards no temp of ours may be left anywhere.
                TempFileSweeper.SweepNode(root);
                Assert.DoesNotContain(Directory.GetFileSystemEntries(root.HostPath, ".nsa-*", SearchOption.AllDirectories), _ => true);
            }

            // The kills must have landed while the child was applying, not only during its start-up.
            Assert.Equal(2, versionsSeen.Count);
            Assert.True(flips >= Iterations / 10, $"storage.conf changed between only {flips} of {Iterations} kills (generation {store.Load().State.Generation})");
        }
        finally
        {
            Directory.Delete(root.HostPath, recursive: true);
        }
    }

    private static void RunAndKill(NodeRoot root, TimeSpan after)
    {
        var info = new ProcessStartInfo(ChildProcess.Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[ApplyChild.Flag, "loop", root.HostPath])
        {
            info.ArgumentList.Add(argument);
        }

        using var child = Process.Start(info)!;
        try
        {
            var line = child.StandardOutput.ReadLine();
            Assert.True(line == "started", $"child said '{line}': {(child.HasExited ? child.StandardError.ReadToEnd() : "")}");
            Thread.Sleep(after);
            if (child.HasExited)
            {
                Assert.Fail("the child stopped by itself: " + child.StandardError.ReadToEnd());
            }
        }
        finally
        {
            child.Kill(); // SIGKILL
            child.WaitForExit();
        }
    }
}
