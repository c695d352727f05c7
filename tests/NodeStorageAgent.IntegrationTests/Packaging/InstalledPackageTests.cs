using NodeStorageAgent.IntegrationTests.Support;

namespace NodeStorageAgent.IntegrationTests.Packaging;

/// <summary>The RPM's payload installed into a temp root (<c>rpm -i --root --nodeps --noscripts</c>) and used there.</summary>
[Collection(PackagingCollection.Name)]
public sealed class InstalledPackageTests(PackagingFixture fixture)
{
    [Fact]
    public void PackagedBinaryRunsHelpThroughTheBinSymlink()
    {
        var run = ToolRun.Start(fixture.Build.Installed("/usr/bin/node-storage-agent"), "--help").AssertSuccess();

        Assert.Contains("Usage:", run.Stdout);
        Assert.Contains("node-storage-agent", run.Stdout);
    }

    [Fact]
    public void MonoPosixHelperLoadsFromTheApplicationDirectoryAndItsDependenciesResolve()
    {
        // The NativeAOT binary resolves /usr/bin/node-storage-agent -> ../libexec/... (/proc/self/exe) and loads
        // libMonoPosixHelper.so from the real application directory, where the spec puts it (no extraction at run
        // time). `validate` calls Mono.Posix (the desired-state trust check fstat()s the opened file); the dynamic
        // loader's own trace (LD_DEBUG=libs) says which file it initialised.
        var build = fixture.Build;
        var appDir = build.Installed("/usr/libexec/node-storage-agent/");
        var node = Path.Combine(build.WorkDir, "validate-root");
        Directory.CreateDirectory(Path.Combine(node, "etc", "node-storage-agent"));
        File.WriteAllText(Path.Combine(node, "etc", "node-storage-agent", "desired-state.toml"), "");

        var traced = ToolRun.Start(build.Installed("/usr/bin/node-storage-agent"), ["validate", "--root", node],
            new Dictionary<string, string> { ["LD_DEBUG"] = "libs" }).AssertSuccess();
        Assert.Contains("valid: 0 layer, 0 image, 0 artifact store(s)", traced.Stdout);
        Assert.Contains($"calling init: {appDir}libMonoPosixHelper.so", traced.Stderr);

        Prerequisites.RequireCommand("ldd");
        var ldd = ToolRun.Start("ldd", appDir + "libMonoPosixHelper.so").AssertSuccess();
        Assert.DoesNotContain("not found", ldd.Stdout);
        Assert.Contains("libz.so.1", ldd.Stdout);
    }

    [Fact]
    public void SystemctlEnablesTheUnitOffline()
    {
        Prerequisites.RequireCommand("systemctl");
        var build = fixture.Build;

        ToolRun.Start("systemctl", "--root=" + build.InstallRoot, "enable", "node-storage-agent.service").AssertSuccess();

        var wants = build.Installed("/etc/systemd/system/multi-user.target.wants/node-storage-agent.service");
        // The link is absolute for the node, so it dangles on this machine: check the link itself, not its target.
        Assert.Equal("/usr/lib/systemd/system/node-storage-agent.service", new FileInfo(wants).LinkTarget);
    }

    [Fact]
    public void ManPageRendersWithoutWarnings()
    {
        Prerequisites.RequireCommand("man");

        var man = ToolRun.Start("man", ["--warnings", "-l", fixture.Build.Installed("/usr/share/man/man8/node-storage-agent.8.gz")],
            new Dictionary<string, string> { ["MANWIDTH"] = "100", ["MANPAGER"] = "cat", ["LC_ALL"] = "C.UTF-8" }).AssertSuccess();

        Assert.Contains("NODE-STORAGE-AGENT(8)", man.Stdout);
        Assert.Contains("DESIRED STATE", man.Stdout);
        Assert.Contains("machineconfig", man.Stdout);
        Assert.Equal("", man.Stderr);
    }

    [Fact]
    public void TmpfilesEntryCreatesStateAndRuntimeDirectories()
    {
        Prerequisites.RequireCommand("systemd-tmpfiles");
        var build = fixture.Build;
        var root = Path.Combine(build.WorkDir, "tmpfiles-root");
        Directory.CreateDirectory(root);

        ToolRun.Start("systemd-tmpfiles", "--root=" + root, "--create",
            build.Installed("/usr/lib/tmpfiles.d/node-storage-agent.conf")).AssertSuccess();

        Assert.True(Directory.Exists(root + "/var/lib/node-storage-agent"));
        Assert.True(Directory.Exists(root + "/run/node-storage-agent"));
        Assert.True(Directory.Exists(root + "/var/node_exporter/textfile"));
    }

    [Fact]
    public void ShippedDesiredStateIsValidTomlWithEveryStoreCommentedOut()
    {
        var path = fixture.Build.Installed("/etc/node-storage-agent/desired-state.toml");

        var keys = ToolRun.Start("python3", "-c",
            "import sys, tomllib; print(sorted(tomllib.load(open(sys.argv[1], 'rb'))))", path).AssertSuccess();

        Assert.Equal("['apply']", keys.Stdout.Trim()); // no store tables: installing the RPM changes nothing
        var text = File.ReadAllText(path);
        Assert.Contains("#[[additionalLayerStores]]", text);
        Assert.Contains("#[[additionalImageStores]]", text);
        Assert.Contains("#[[additionalArtifactStores]]", text);
    }
}
