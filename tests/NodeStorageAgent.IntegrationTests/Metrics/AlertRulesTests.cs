using NodeStorageAgent.TestSupport;

namespace NodeStorageAgent.IntegrationTests.Metrics;

/// <summary>The shipped alert rules, checked and unit-tested by the real promtool.</summary>
public sealed class AlertRulesTests
{
    private static readonly string s_dir = Path.Combine(SharedData.RepoRoot, "packaging", "monitoring");

    [Fact]
    public void PlainRulesFile_PassesPromtoolCheckRules()
    {
        var check = Promtool.Run("check", "rules", Path.Combine(s_dir, "node-storage-agent.rules.yaml")).AssertSuccess();

        Assert.Contains("SUCCESS: 7 rules found", check.Stdout);
    }

    [Fact]
    public void PrometheusRuleSpec_PassesPromtoolCheckRules()
    {
        // spec: is a rules file indented by two spaces; promtool reads it once unindented.
        var manifest = File.ReadAllLines(Path.Combine(s_dir, "prometheusrule.yaml"));
        var spec = manifest.SkipWhile(l => l != "spec:").Skip(1).Select(l => l.Length >= 2 ? l[2..] : l);
        var file = Path.Combine(Directory.CreateTempSubdirectory("nsa-rules-").FullName, "spec.rules.yaml");
        File.WriteAllLines(file, spec);
        try
        {
            var check = Promtool.Run("check", "rules", file).AssertSuccess();
            Assert.Contains("SUCCESS: 7 rules found", check.Stdout);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public void EveryAlert_FiresAfterItsForDurationAndNotOnABlip_PromtoolTestRules()
    {
        var test = Promtool.Run("test", "rules", Path.Combine(s_dir, "node-storage-agent.rules.test.yaml")).AssertSuccess();

        Assert.Contains("SUCCESS", test.Stdout);
    }
}
