using System.Text;
using NodeStorageAgent.Apply;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.Persistence;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.IntegrationTests.Apply;

/// <summary>
/// Child-process side of the apply integration tests, reached through <see cref="IntegrationTestsEntryPoint"/>:
/// <c>--nsa-apply-child loop ROOT</c> applies two configurations alternately forever (to be SIGKILLed);
/// <c>--nsa-apply-child write PATH TEXT</c> writes one file and prints the diagnostic (to run as another user).
/// </summary>
internal static class ApplyChild
{
    public const string Flag = "--nsa-apply-child";

    /// <summary>Big enough that a kill often lands inside a write.</summary>
    private static readonly string Padding = "# " + new string('x', 200) + "\n";

    public static byte[] StorageConf(char version) =>
        Encoding.UTF8.GetBytes($"[storage]\ndriver = \"overlay\"\n# version {version}\n" + string.Concat(Enumerable.Repeat(Padding, 300)));

    public static byte[] DropIn(char version) =>
        Encoding.UTF8.GetBytes($"[crio.runtime]\nadditional_artifact_stores = [\"/var/lib/artifacts-{version}\"]\n");

    public static int Run(string[] args)
    {
        switch (args)
        {
            case [Flag, "loop", var root]:
                // Warm up (JIT, native library load) on a scratch root, so the kills land in real applies rather
                // than in the first, slow one.
                var scratch = Directory.CreateTempSubdirectory("nsa-warmup-").FullName;
                Loop(new NodeRoot(scratch), rounds: 1);
                Directory.Delete(scratch, recursive: true);
                Console.WriteLine("started");
                Loop(new NodeRoot(root), rounds: long.MaxValue);
                return 0;
            case [Flag, "write", var path, var text]:
                var result = new AtomicFileWriter().Write(path, Encoding.UTF8.GetBytes(text));
                Console.WriteLine(result.Diagnostic is { } d ? $"{result.Status} {d.Code} {d.Errno}" : result.Status.ToString());
                return result.Failed ? 1 : 0;
            default:
                Console.Error.WriteLine($"usage: {Flag} loop ROOT | {Flag} write PATH TEXT");
                return 2;
        }
    }

    private static void Loop(NodeRoot root, long rounds)
    {
        var writer = new AtomicFileWriter();
        var applier = new ConfigApplier(root, writer, new BackupStore(root, writer));
        var store = new AgentStateStore(root, writer);
        for (var round = 0L; round < rounds; round++)
        {
            // Alternate by the saved generation, so every run (however early it is killed) flips the version.
            var state = store.Load().State;
            var version = state.Generation % 2 == 0 ? 'B' : 'A';
            var outcome = applier.Apply(
            [
                new RenderedFile(NodePaths.StorageConf, StorageConf(version)),
                new RenderedFile(NodePaths.CrioDropIn, DropIn(version), staged: true),
            ]);
            if (!outcome.Succeeded)
            {
                Console.Error.WriteLine(string.Join("\n", outcome.Diagnostics));
                Environment.Exit(3);
            }

            store.Save(state with { Generation = state.Generation + 1, AppliedDigest = version.ToString() });
        }
    }
}
