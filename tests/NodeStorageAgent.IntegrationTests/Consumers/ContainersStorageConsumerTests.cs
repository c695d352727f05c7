using System.Diagnostics;
using System.Text;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.Rendering;

namespace NodeStorageAgent.IntegrationTests.Consumers;

/// <summary>
/// Proof with the real consumers (issue 3): the storage.conf we render is read by Debian's containers/storage
/// (the <c>containers-storage</c> CLI and podman, BurntSushi TOML + the real driver init), which reports the
/// additional stores; an image imported into a separate store is listed through our <c>additionalimagestores</c>.
/// </summary>
public sealed class ContainersStorageConsumerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nsa-cs-").FullName;

    public ContainersStorageConsumerTests()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("podman");
        Prerequisites.RequireCommand("containers-storage");
    }

    [Theory]
    [InlineData("vfs")]
    [InlineData("overlay")]
    public void RenderedStorageConf_IsAcceptedAndItsImageStoreIsListed(string driver)
    {
        var store = ImportTinyImage(driver);
        var conf = Render(driver, imageStores: [store], layerStores: []);

        var status = Run("containers-storage", conf, "status", "-j");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains($"{driver}.imagestore={store}", status.Stdout, StringComparison.Ordinal);

        var images = Run("podman", conf, "images", "--format", "{{.Repository}}:{{.Tag}} ro={{.ReadOnly}}");
        Assert.True(images.ExitCode == 0, images.ToString());
        Assert.Contains("localhost/tiny:1 ro=true", images.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed to decode the keys", images.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderedLayerStore_WithRef_IsAcceptedByTheOverlayDriver()
    {
        var layers = Directory.CreateDirectory(Path.Combine(_dir, "stargz-store", "store")).FullName;
        var conf = Render("overlay", imageStores: [], layerStores: [layers]);

        var status = Run("containers-storage", conf, "status", "-j");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains($"overlay.additionallayerstore={layers}:ref", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatTheAgentLeavesOut_IsWhatWouldStopContainersStorage()
    {
        // The reason unhealthy stores are pruned: a missing image store makes the overlay driver fail at init
        // ("can't stat imageStore dir"), i.e. CRI-O would not start (docs/upstream.md §3.3).
        var missing = Path.Combine(_dir, "gone");
        var conf = Render("overlay", imageStores: [missing], layerStores: []);
        var status = Run("containers-storage", conf, "status", "-j");
        Assert.NotEqual(0, status.ExitCode);
        Assert.Contains("can't stat imageStore dir", status.Stderr + status.Stdout, StringComparison.Ordinal);
    }

    private string Render(string driver, IReadOnlyList<string> imageStores, IReadOnlyList<string> layerStores)
    {
        // Start from the file real nodes have (with its comments and empty multi-line array), pointed at a private
        // graphroot/runroot, and let the renderer add the stores.
        var baseConf = File.ReadAllText(Path.Combine(TestSupport.SharedData.RealConfigs, "storage", "mco_container-storage.storage.conf"))
            .Replace("driver = \"overlay\"", $"driver = \"{driver}\"", StringComparison.Ordinal)
            .Replace("/var/lib/containers/storage", Path.Combine(_dir, "graph"), StringComparison.Ordinal)
            .Replace("/run/containers/storage", Path.Combine(_dir, "run"), StringComparison.Ordinal);
        var result = StorageConfRenderer.Render(Encoding.UTF8.GetBytes(baseConf), "storage.conf", StorageOwnership.None, imageStores, layerStores);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var path = Path.Combine(_dir, $"storage-{driver}.conf");
        File.WriteAllBytes(path, result.Content!);
        return path;
    }

    private string ImportTinyImage(string driver)
    {
        var rootfs = Directory.CreateDirectory(Path.Combine(_dir, "rootfs")).FullName;
        File.WriteAllText(Path.Combine(rootfs, "hello"), "hello from an additional image store\n");
        var tar = Path.Combine(_dir, "tiny.tar");
        Assert.Equal(0, Run("tar", null, "-C", rootfs, "-cf", tar, ".").ExitCode);
        var store = Path.Combine(_dir, $"store-{driver}");
        var import = Run("podman", null, "--root", store, "--runroot", Path.Combine(_dir, $"rr-{driver}"), "--storage-driver", driver,
            "import", tar, "localhost/tiny:1");
        Assert.True(import.ExitCode == 0, import.ToString());
        return store;
    }

    private sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    private Result Run(string command, string? storageConf, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (storageConf is not null)
        {
            start.Environment["CONTAINERS_STORAGE_CONF"] = storageConf;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{command} {string.Join(' ', args)} did not finish in 60 s");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    public void Dispose()
    {
        // The overlay driver bind-mounts <graphroot>/overlay onto itself (docs/node-findings.md §2.1): undo it first.
        foreach (var line in File.ReadAllLines("/proc/self/mountinfo").Where(l => l.Contains(_dir, StringComparison.Ordinal)).Reverse())
        {
            var mountPoint = line.Split(' ')[4];
            using var umount = Process.Start("umount", ["-l", mountPoint]);
            umount.WaitForExit();
        }

        Directory.Delete(_dir, recursive: true);
    }
}
