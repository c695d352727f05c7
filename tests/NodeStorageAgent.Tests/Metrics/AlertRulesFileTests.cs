using System.Text.RegularExpressions;
using NodeStorageAgent.TestSupport;
using YamlDotNet.Serialization;

namespace NodeStorageAgent.Tests.Metrics;

/// <summary>The shipped alert rules: the PrometheusRule carries exactly the plain rules file, every alert has its
/// annotations, points at a README row that exists, and has unit tests (run with promtool by the integration tests).</summary>
public sealed partial class AlertRulesFileTests
{
    private static readonly string s_dir = Path.Combine(SharedData.RepoRoot, "packaging", "monitoring");

    private static object? Load(string name) => new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(Path.Combine(s_dir, name)));

    private static List<Dictionary<object, object>> Rules() =>
        ((List<object>)((Dictionary<object, object>)((List<object>)((Dictionary<object, object>)Load("node-storage-agent.rules.yaml")!)["groups"])[0])["rules"])
        .Cast<Dictionary<object, object>>().ToList();

    [Fact]
    public void PrometheusRuleSpec_IsThePlainRulesFile()
    {
        var manifest = (Dictionary<object, object>)Load("prometheusrule.yaml")!;

        Assert.Equal("monitoring.coreos.com/v1", manifest["apiVersion"]);
        Assert.Equal("PrometheusRule", manifest["kind"]);
        Assert.Equal(Canonical(Load("node-storage-agent.rules.yaml")), Canonical(manifest["spec"]));
    }

    [Fact]
    public void EveryAlert_HasASeverityASummaryAndADescriptionPointingAtAnExistingTroubleshootRow()
    {
        var readme = File.ReadAllText(Path.Combine(SharedData.RepoRoot, "README.md"));
        var troubleshoot = readme[readme.IndexOf("## Troubleshoot", StringComparison.Ordinal)..];
        troubleshoot = troubleshoot[..troubleshoot.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var rows = troubleshoot.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Select(l => l.Split('|')[1]).ToList();

        Assert.Equal(7, Rules().Count);
        foreach (var rule in Rules())
        {
            var annotations = (Dictionary<object, object>)rule["annotations"];
            var labels = (Dictionary<object, object>)rule["labels"];
            Assert.Contains((string)labels["severity"], new[] { "warning", "critical" });
            Assert.False(string.IsNullOrWhiteSpace((string)annotations["summary"]));
            var description = (string)annotations["description"];
            Assert.Contains("README's Troubleshoot table", description);
            var row = RowReference().Match(description);
            Assert.True(row.Success, $"{rule["alert"]}: the description names no row");
            var name = row.Groups["quoted"].Success ? row.Groups["quoted"].Value : row.Groups["code"].Value;
            Assert.True(rows.Any(r => r.Contains(name, StringComparison.Ordinal)), $"{rule["alert"]}: no Troubleshoot row mentions '{name}'");
        }
    }

    [Fact]
    public void EveryAlert_HasUnitTestsThatExpectItToFireAndNotToFire()
    {
        var tests = ((List<object>)((Dictionary<object, object>)Load("node-storage-agent.rules.test.yaml")!)["tests"]).Cast<Dictionary<object, object>>()
            .SelectMany(t => ((List<object>)t["alert_rule_test"]).Cast<Dictionary<object, object>>())
            .ToList();

        foreach (var alert in Rules().Select(r => (string)r["alert"]))
        {
            var checks = tests.Where(t => (string)t["alertname"] == alert).ToList();
            Assert.Contains(checks, t => t["exp_alerts"] is List<object> { Count: > 0 });
            Assert.Contains(checks, t => t["exp_alerts"] is List<object> { Count: 0 });
        }
    }

    /// <summary>A YAML value as one string, maps with sorted keys, so two documents compare by content, not layout.</summary>
    private static string Canonical(object? value) => value switch
    {
        Dictionary<object, object> map => "{" + string.Join(",", map.OrderBy(p => (string)p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{Canonical(p.Value)}")) + "}",
        List<object> list => "[" + string.Join(",", list.Select(Canonical)) + "]",
        null => "null",
        _ => System.Text.Json.JsonSerializer.Serialize(value.ToString()),
    };

    [GeneratedRegex("""row (?:"(?<quoted>[^"]+)"|(?<code>NSA\d{4}))""")]
    private static partial Regex RowReference();
}
