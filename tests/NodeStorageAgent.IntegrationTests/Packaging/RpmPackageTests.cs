using System.Security.Cryptography;
using NodeStorageAgent.IntegrationTests.Support;

namespace NodeStorageAgent.IntegrationTests.Packaging;

/// <summary>The built RPM, inspected with the real rpm and rpmlint.</summary>
[Collection(PackagingCollection.Name)]
public sealed class RpmPackageTests(PackagingFixture fixture)
{
    [Fact]
    public void RpmListsExactlyTheShippedFiles()
    {
        var build = fixture.Build;

        var files = ToolRun.Start("rpm", "-qlp", build.Rpm).AssertSuccess().Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(f => !f.StartsWith("/usr/share/doc/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        Assert.Equal(
        [
            "/etc/greenboot/check/required.d/35_node_storage_agent_check.sh",
            "/etc/node-storage-agent",
            "/etc/node-storage-agent/desired-state.toml",
            "/run/node-storage-agent",
            "/usr/bin/node-storage-agent",
            "/usr/lib/systemd/system/node-storage-agent.service",
            "/usr/lib/tmpfiles.d/node-storage-agent.conf",
            "/usr/libexec/node-storage-agent",
            "/usr/libexec/node-storage-agent/libMonoPosixHelper.so",
            "/usr/libexec/node-storage-agent/node-storage-agent",
            "/usr/share/man/man8/node-storage-agent.8.gz",
            "/var/lib/node-storage-agent",
        ], files);
    }

    [Fact]
    public void DesiredStateIsConfigNoReplaceAndRunDirIsGhost()
    {
        var build = fixture.Build;

        var flags = ToolRun.Start("rpm", "-qp", "--qf", "[%{FILENAMES} %{FILEFLAGS:fflags}\n]", build.Rpm)
            .AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");

        Assert.Equal("cn", flags["/etc/node-storage-agent/desired-state.toml"]); // %config(noreplace)
        Assert.Equal("", flags["/etc/greenboot/check/required.d/35_node_storage_agent_check.sh"]); // replaced on upgrade
        Assert.Equal("g", flags["/run/node-storage-agent"]); // %ghost: created by tmpfiles.d
    }

    [Fact]
    public void ScriptletsEnableStopRestartAndRunAGuardedUninstall()
    {
        var scripts = ToolRun.Start("rpm", "-qp", "--scripts", fixture.Build.Rpm).AssertSuccess().Stdout;

        Assert.Contains("systemd-tmpfiles --create /usr/lib/tmpfiles.d/node-storage-agent.conf", scripts);
        Assert.Contains("preset node-storage-agent.service", scripts);             // %systemd_post
        Assert.Contains("disable --now node-storage-agent.service", scripts);      // %systemd_preun
        Assert.Contains("try-restart node-storage-agent.service", scripts);        // %systemd_postun_with_restart
        Assert.Contains("/usr/bin/node-storage-agent uninstall || rc=$?", scripts);
    }

    [Fact]
    public void PreunWithAFailingUninstallStillSucceedsAndSaysSo()
    {
        // On this machine /usr/bin/node-storage-agent does not exist (exit 127) and systemctl has no systemd:
        // both must be logged or ignored, never block the erase.
        var preun = ToolRun.Start("rpm", "-qp", "--qf", "%{PREUN}", fixture.Build.Rpm).AssertSuccess().Stdout;
        Assert.False(File.Exists("/usr/bin/node-storage-agent"), "test assumes the agent is not installed on the host");

        var erase = ToolRun.Start("sh", "-c", preun, "preun", "0");

        Assert.Equal(0, erase.ExitCode);
        Assert.Contains("'node-storage-agent uninstall' failed (exit 127)", erase.Stderr);
    }

    [Fact]
    public void RpmlintReportsNoErrors()
    {
        Prerequisites.RequireCommand("rpmlint");

        var lint = ToolRun.Start("rpmlint", "-r", PackageBuild.RepoFile("rpm/node-storage-agent.rpmlintrc"),
            fixture.Build.Rpm);

        Assert.True(lint.ExitCode == 0, lint.Stdout + lint.Stderr);
        Assert.Contains(" 0 errors", lint.Stdout);
    }

    [Fact]
    public void PackagedBinaryIsByteIdenticalToThePublishedOne()
    {
        // The RPM ships the bytes the integration tests ran (rpmbuild's strip and debuginfo steps are off).
        var build = fixture.Build;
        var extracted = Path.Combine(build.WorkDir, "tarball");
        Directory.CreateDirectory(extracted);
        ToolRun.Start("tar", "-xzf", build.Tarball, "-C", extracted).AssertSuccess();
        var published = Directory.GetFiles(extracted, PackageBuild.Name, SearchOption.AllDirectories).Single();

        Assert.Equal(Sha256(published), Sha256(build.Installed("/usr/libexec/node-storage-agent/node-storage-agent")));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void GreenbootCheckIsInstalledExecutableAndIsTheScriptTheTestsDrive()
    {
        var installed = fixture.Build.Installed("/etc/greenboot/check/required.d/35_node_storage_agent_check.sh");

        Assert.Equal(Sha256(PackageBuild.RepoFile("packaging/greenboot/35_node_storage_agent_check.sh")), Sha256(installed));
        Assert.True(File.GetUnixFileMode(installed).HasFlag(UnixFileMode.OtherExecute), "greenboot runs the check directly");
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
