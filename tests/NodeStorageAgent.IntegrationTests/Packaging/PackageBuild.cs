using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.TestSupport;

namespace NodeStorageAgent.IntegrationTests.Packaging;

/// <summary>
/// Builds the RPM once per test run with <c>packaging/build-rpm.sh</c> (publish + tarball + rpmbuild) and installs it
/// into a temp root with <c>rpm -i --root … --nodeps --noscripts</c>. Shared by every packaging test through
/// <see cref="PackagingFixture"/>; deleted when the run ends.
/// </summary>
public sealed class PackageBuild : IDisposable
{
    public const string Name = "node-storage-agent";

    private PackageBuild(string workDir, string rpm, string tarball, string installRoot)
    {
        WorkDir = workDir;
        Rpm = rpm;
        Tarball = tarball;
        InstallRoot = installRoot;
    }

    public string WorkDir { get; }

    public string Rpm { get; }

    public string Tarball { get; }

    /// <summary>The RPM's payload installed here, as it would be on a node.</summary>
    public string InstallRoot { get; }

    public string Installed(string nodePath) => InstallRoot + nodePath;

    public static string RepoFile(string relative) => Path.Combine(SharedData.RepoRoot, relative);

    public static PackageBuild Create()
    {
        var work = Directory.CreateTempSubdirectory("nsa-rpm-").FullName;
        var output = Path.Combine(work, "out");
        // scripts/test.sh has published the NativeAOT binary once already (NSA_PUBLISH_DIR): package those bytes.
        string[] reuse = Environment.GetEnvironmentVariable("NSA_PUBLISH_DIR") is { Length: > 0 } published ? ["--publish-dir", published] : [];
        var build = ToolRun.Start("bash", [RepoFile("packaging/build-rpm.sh"), "--output", output, .. reuse], null,
            TimeSpan.FromMinutes(5)).AssertSuccess();
        var rpm = build.Stdout.Trim().Split('\n')[^1];
        Assert.True(File.Exists(rpm), $"build-rpm.sh printed '{rpm}', which does not exist");
        var tarball = Directory.GetFiles(output, "*.tar.gz").Single();

        var root = Path.Combine(work, "root");
        Directory.CreateDirectory(root);
        ToolRun.Start("rpm", "-i", "--root", root, "--nodeps", "--noscripts", rpm).AssertSuccess();
        return new PackageBuild(work, rpm, tarball, root);
    }

    public static void RequireTools()
    {
        foreach (var tool in new[] { "dotnet", "rpmbuild", "rpm", "python3" })
        {
            Prerequisites.RequireCommand(tool);
        }
    }

    public void Dispose() => Directory.Delete(WorkDir, recursive: true);
}
