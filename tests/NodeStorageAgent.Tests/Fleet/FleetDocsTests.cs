using System.Text;
using System.Text.RegularExpressions;
using NodeStorageAgent.Fleet;
using NodeStorageAgent.TestSupport;

namespace NodeStorageAgent.Tests.Fleet;

/// <summary>The man page, the docs and the generated output tell users the same way to apply a MachineConfig.</summary>
public partial class FleetDocsTests
{
    public static TheoryData<string> Documents() => ["docs/man/node-storage-agent.8.md", "docs/fleet.md", "README.md", "docs/packaging.md"];

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryOcApplyOfAFileIsServerSide(string document)
    {
        var text = File.ReadAllText(Path.Combine(SharedData.RepoRoot, document));

        var applies = OcApplyWithFile().Matches(text).Select(m => m.Value).ToList();

        Assert.All(applies, apply => Assert.Contains("--server-side", apply, StringComparison.Ordinal));
    }

    [Fact]
    public void TheManPageShowsTheServerSideApply()
    {
        var man = File.ReadAllText(Path.Combine(SharedData.RepoRoot, "docs/man/node-storage-agent.8.md"));

        Assert.Contains("oc apply --server-side -f", man, StringComparison.Ordinal);
    }

    [Fact]
    public void TheGeneratedHeaderSaysServerSide()
    {
        var yaml = MachineConfigRenderer.Render("worker", Encoding.UTF8.GetBytes(""));

        Assert.Contains("# Apply with: oc apply --server-side -f", yaml, StringComparison.Ordinal);
    }

    // "oc apply" up to the end of its line, when that line gives it a file (-f): the verb users copy.
    [GeneratedRegex(@"oc apply[^\n`]*-f[^\n`]*")]
    private static partial Regex OcApplyWithFile();
}
