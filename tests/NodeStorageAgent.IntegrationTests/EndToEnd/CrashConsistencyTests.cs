using System.Diagnostics;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.Toml;

namespace NodeStorageAgent.IntegrationTests.EndToEnd;

/// <summary>
/// SIGKILL of the real agent at random points of <c>apply --once</c> while the desired state flips between two valid
/// states: whatever the moment, every managed file is whole (one of the two rendered versions), crio.conf.d holds
/// nothing but finished drop-ins, and state.json loads.
/// </summary>
public sealed class CrashConsistencyTests
{
    private const int Iterations = 200;

    private static readonly string[] ApplyArgs = ["apply", "--once", "--crio-poll-interval", "10ms", "--crio-start-timeout", "5s", "--probe-timeout", "1s"];

    [Fact]
    public void ApplyOnce_KilledAtRandomPoints_LeavesOnlyWholeFilesAndLoadableState()
    {
        using var sandbox = new AgentSandbox();
        var a = AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")], artifacts: [sandbox.ArtifactStore("/mnt/art-a")]);
        var b = AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a"), sandbox.ImageStore("/mnt/img-b")], artifacts: [sandbox.ArtifactStore("/mnt/art-b")]);
        string[] args = [.. ApplyArgs, "--systemctl", sandbox.Systemctl];

        // Complete runs per variant give the two expected renderings, and (per CRI-O state: a restart takes longer)
        // how long an apply takes, so the kills can be spread over that time.
        var versions = new Dictionary<string, (byte[] StorageConf, byte[] DropIn)>();
        var took = new Dictionary<string, List<TimeSpan>> { ["active"] = [], ["inactive"] = [] };
        foreach (var (crio, name, desired) in new[] { ("active", "a", a), ("active", "b", b), ("active", "a", a), ("active", "b", b), ("inactive", "a", a), ("inactive", "b", b), ("inactive", "a", a) })
        {
            sandbox.SetCrioState(crio);
            sandbox.WriteDesired(desired);
            var clock = Stopwatch.StartNew();
            var run = sandbox.Cli(args);
            took[crio].Add(clock.Elapsed);
            Assert.True(run.ExitCode == 0, run.ToString());
            versions[name] = (File.ReadAllBytes(sandbox.StorageConf), File.ReadAllBytes(sandbox.DropIn));
        }

        // The median of the last runs that finished on their own: follows the machine's load as the test goes on.
        TimeSpan Typical(string crio) => took[crio].TakeLast(9).Order().ElementAt((Math.Min(took[crio].Count, 9) - 1) / 2);
        Assert.NotEqual(versions["a"].StorageConf, versions["b"].StorageConf);
        Assert.NotEqual(versions["a"].DropIn, versions["b"].DropIn);

        var random = new Random(20261121);
        var killedOld = 0;
        var killedNew = 0;
        var killedMixed = 0;
        var finished = 0;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            var target = i % 2 == 0 ? "a" : "b";
            var crio = i % 4 < 2 ? "active" : "inactive";
            sandbox.SetCrioState(crio);
            sandbox.WriteDesired(target == "a" ? a : b);
            using var agent = AgentProcess.Start(AgentSandbox.AgentBinary, [.. args, "--root", sandbox.Root], null, sandbox.Root);
            var delay = Typical(crio) * (0.25 + (random.NextDouble() * 0.8));
            var clock = Stopwatch.StartNew();
            var exitedByItself = agent.WaitForExit(delay);
            agent.Kill();

            var storageConf = File.ReadAllBytes(sandbox.StorageConf);
            var dropIn = File.ReadAllBytes(sandbox.DropIn);
            var context = $"iteration {i} (target {target}, crio {crio}, kill after {delay.TotalMilliseconds:0} ms)";
            var storageVersion = VersionOf(storageConf, versions.ToDictionary(v => v.Key, v => v.Value.StorageConf), "storage.conf", context);
            var dropInVersion = VersionOf(dropIn, versions.ToDictionary(v => v.Key, v => v.Value.DropIn), "drop-in", context);
            AssertParses(storageConf, "storage.conf", context);
            AssertParses(dropIn, "99-node-storage-agent.conf", context);

            var entries = Directory.EnumerateFileSystemEntries(sandbox.CrioConfDir).Select(Path.GetFileName).Order().ToList();
            Assert.True(entries.SequenceEqual(["00-default", "99-node-storage-agent.conf"]), $"{context}: crio.conf.d holds {string.Join(", ", entries)}");
            var state = sandbox.LoadState();
            Assert.True(state.Found && state.Problem is null, $"{context}: state.json: {state.Problem}");

            if (exitedByItself)
            {
                took[crio].Add(clock.Elapsed);
                Assert.True(agent.ExitCode == 0, $"{context}: apply --once exited {agent.ExitCode}\n{agent.Output}");
                Assert.Equal(target, storageVersion);
                finished++;
            }
            else if (storageVersion == target && dropInVersion == target)
            {
                killedNew++;
            }
            else if (storageVersion != target && dropInVersion != target)
            {
                killedOld++;
            }
            else
            {
                killedMixed++;
            }
        }

        // The kills must have hit the interesting window: before the writes, after them, and (ideally) between them.
        var summary = $"{Iterations} iterations in {total.Elapsed.TotalSeconds:0.0} s (apply takes {Typical("active").TotalMilliseconds:0} ms, {Typical("inactive").TotalMilliseconds:0} ms with CRI-O down): "
            + $"{killedOld} killed before writing, {killedMixed} between the files, {killedNew} after writing, {finished} finished";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Assert.True(killedOld >= 10 && killedNew >= 10, summary);

        // And the node converges: one clean run applies the current target.
        sandbox.SetCrioState("active");
        sandbox.WriteDesired(b);
        var final = sandbox.Cli(args);
        Assert.True(final.ExitCode == 0, final.ToString());
        Assert.Equal(versions["b"].StorageConf, File.ReadAllBytes(sandbox.StorageConf));
        Assert.Equal(versions["b"].DropIn, File.ReadAllBytes(sandbox.DropIn));
    }

    private static string VersionOf(byte[] content, Dictionary<string, byte[]> versions, string file, string context) =>
        versions.FirstOrDefault(v => v.Value.AsSpan().SequenceEqual(content)).Key
        ?? throw new Xunit.Sdk.XunitException($"{context}: {file} is neither rendered version:\n{System.Text.Encoding.UTF8.GetString(content)}");

    private static void AssertParses(byte[] content, string file, string context)
    {
        var document = TomlDocument.Parse(content, file);
        Assert.False(document.HasErrors, $"{context}: {file} does not parse: {string.Join("; ", document.Diagnostics)}");
    }
}
