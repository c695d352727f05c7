using System.Diagnostics;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.IntegrationTests.Apply;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.Probing;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.IntegrationTests.Safety;

/// <summary>
/// An image store on a read-only mount (issue 11 item 6), checked against the real containers/storage 1.43 on a real
/// read-only bind mount: it must create <c>overlay-images/</c>, <c>overlay-layers/</c> and their <c>images.lock</c> /
/// <c>layers.lock</c> when they are missing, so a read-only store without them stops it ("read-only file system")
/// and must be unhealthy; with them it starts and the store is kept.
/// </summary>
public sealed class ReadOnlyImageStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nsa-rostore-").FullName;
    private readonly List<string> _mounts = [];

    public ReadOnlyImageStoreTests()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("containers-storage");
    }

    public void Dispose()
    {
        foreach (var line in File.ReadAllLines("/proc/self/mountinfo").Where(l => l.Contains(_root, StringComparison.Ordinal)).Reverse())
        {
            ScratchMount.Run("umount", "-l", line.Split(' ')[4]);
        }

        Directory.Delete(_root, recursive: true);
    }

    public static TheoryData<string> Unusable => ["empty", "dirs without locks", "images.lock only"];

    [Theory]
    [MemberData(nameof(Unusable))]
    public async Task ReadOnlyStoreContainersStorageCannotOpen_IsUnhealthy(string layout)
    {
        var store = ReadOnlyStore(layout);

        var result = await ProbeAsync(store);
        var real = ContainersStorage(store);

        Assert.True(real.ExitCode != 0 || real.Output.Contains("read-only file system", StringComparison.Ordinal), $"containers-storage accepted it: {real.Output}");
        Assert.Contains("read-only file system", real.Output, StringComparison.Ordinal);
        Assert.True(result.Health == StoreHealth.Unhealthy, $"{result.Health} {result.Reason}: {result.Hint}");
        Assert.Equal(ProbeReason.ReadOnlyIncomplete, result.Reason);
    }

    [Fact]
    public async Task ReadOnlyStoreWithItsLockFiles_IsKeptAndContainersStorageStarts()
    {
        var store = ReadOnlyStore("complete");

        var result = await ProbeAsync(store);
        var real = ContainersStorage(store);

        Assert.True(real.ExitCode == 0 && !real.Output.Contains("error", StringComparison.OrdinalIgnoreCase), real.Output);
        Assert.True(result.Health == StoreHealth.Healthy, $"{result.Health} {result.Reason}: {result.Hint}");
    }

    [Fact]
    public async Task EmptyWritableStore_StaysDegraded()
    {
        Directory.CreateDirectory(Path.Combine(_root, "mnt", "rw"));

        var result = await ProbeAsync("/mnt/rw");

        Assert.Equal((StoreHealth.Degraded, ProbeReason.EmptyImageStore), (result.Health, result.Reason));
    }

    /// <summary>A read-only bind mount at /mnt/ro of a directory laid out as <paramref name="layout"/>.</summary>
    private string ReadOnlyStore(string layout)
    {
        var source = Directory.CreateDirectory(Path.Combine(_root, "src")).FullName;
        if (layout != "empty")
        {
            Directory.CreateDirectory(Path.Combine(source, "overlay-images"));
            Directory.CreateDirectory(Path.Combine(source, "overlay-layers"));
        }

        if (layout is "images.lock only" or "complete")
        {
            File.WriteAllText(Path.Combine(source, "overlay-images", "images.lock"), "");
        }

        if (layout == "complete")
        {
            File.WriteAllText(Path.Combine(source, "overlay-layers", "layers.lock"), "");
        }

        var target = Directory.CreateDirectory(Path.Combine(_root, "mnt", "ro")).FullName;
        ScratchMount.Run("mount", "--bind", source, target);
        ScratchMount.Run("mount", "-o", "remount,bind,ro", target);
        return "/mnt/ro";
    }

    private async Task<StoreProbeResult> ProbeAsync(string nodePath)
    {
        using var prober = new StoreProber(new NodeRoot(_root), new ProbeOptions(), TimeProvider.System);
        return (await prober.ProbeAsync([new StoreSpec(StoreKind.Image, nodePath)], TestContext.Current.CancellationToken)).Single();
    }

    /// <summary>Lists images and layers (what CRI-O's start-up loads) with the store as an additional image store.</summary>
    private (int ExitCode, string Output) ContainersStorage(string nodePath)
    {
        var conf = Path.Combine(_root, "storage.conf");
        File.WriteAllText(conf, $"[storage]\ndriver = \"overlay\"\nrunroot = \"{_root}/run\"\ngraphroot = \"{_root}/graph\"\n"
            + $"[storage.options]\nadditionalimagestores = [\"{_root}{nodePath}\"]\n");
        var output = new System.Text.StringBuilder();
        var exit = 0;
        foreach (var verb in new[] { "images", "layers" })
        {
            var start = new ProcessStartInfo("containers-storage", [verb]) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["CONTAINERS_STORAGE_CONF"] = conf;
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "containers-storage did not finish in 60 s");
            output.Append(stdout.Result).Append(stderr.Result);
            exit = exit == 0 ? process.ExitCode : exit;
        }

        return (exit, output.ToString());
    }
}
