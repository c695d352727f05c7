using NodeStorageAgent.TestSupport.Fleet;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static NodeStorageAgent.Tests.Fleet.MachineConfigYaml;

namespace NodeStorageAgent.Tests.Fleet;

/// <summary>
/// Every shape <c>machineconfig</c> can print, read back as YAML and checked against the MachineConfig and
/// MachineConfiguration CRD schemas of openshift/api (fixtures in Fleet/Schemas, source named in each) and the API
/// server's ObjectMeta rules; and proof that the checks catch real mistakes.
/// </summary>
public class MachineConfigSchemaTests
{
    private static readonly YamlMappingNode s_machineConfig = CrdSchemaChecker.LoadSchema("machineconfig.schema.yaml");
    private static readonly YamlMappingNode s_machineConfiguration = CrdSchemaChecker.LoadSchema("machineconfiguration.schema.yaml");

    public static TheoryData<string> Shapes() => [.. MachineConfigShapes.All().Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryShapeConformsToBothCrdsAndObjectMeta(string shape)
    {
        var yaml = Parse(MachineConfigShapes.All().Single(s => s.Name == shape).Yaml);

        Assert.Empty(Problems(yaml));
        Assert.Equal("machineconfiguration.openshift.io/v1", Scalar(yaml.MachineConfig, "apiVersion").Value);
        Assert.Equal("operator.openshift.io/v1", Scalar(yaml.Policy, "apiVersion").Value);
        // The daemon reads only the singleton named "cluster" (MCO pkg/daemon/update.go, MCOOperatorKnobsObjectName).
        Assert.Equal("cluster", Scalar(yaml.Policy, "metadata", "name").Value);
    }

    public static TheoryData<string, string> Mistakes() => new()
    {
        { "policy-action-lowercase", "is not one of Reboot, Drain, Reload, Restart, DaemonReload, None" },
        { "policy-none-with-drain", "None is not standalone" },
        { "policy-restart-without-service", "'restart' must be set exactly when type is Restart" },
        { "policy-file-without-path", "required field 'path' is missing" },
        { "policy-duplicate-path", "duplicate entry for list-map key(s) path" },
        { "policy-typo-in-field", "unknown field 'file'" },
        { "policy-unit-without-suffix", "fails self.matches" },
        { "policy-eleven-actions", "11 items; at most 10 allowed" },
        { "mc-fips-as-string", ".spec.fips: expected boolean, got string" },
        { "mc-without-spec", "required field 'spec' is missing" },
        { "mc-label-unquoted-yes", "metadata.labels[machineconfiguration.openshift.io/role]: expected string, got boolean" },
        { "mc-name-uppercase", "is not a DNS-1123 subdomain" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void ABrokenDocumentIsRefusedWithTheReason(string mistake, string expected)
    {
        var yaml = Parse(MachineConfigShapes.All().First().Yaml);
        Assert.Empty(Problems(yaml));

        Break(yaml, mistake);

        var problems = Problems(yaml);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void ASchemaKeywordOrRuleTheCheckerDoesNotKnowIsAnErrorNotASkip()
    {
        var schema = LoadInline("""
            type: object
            properties:
              a:
                type: string
                format: hostname
              b:
                type: string
                x-kubernetes-validations:
                  - rule: self.startsWith('x')
                    message: starts with x
            """);

        var problems = CrdSchemaChecker.Check(LoadInline("a: h\nb: xy\n"), schema);

        Assert.Contains(problems, p => p.Contains("schema keyword 'format'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("rule not checked", StringComparison.Ordinal));
    }

    private static List<string> Problems(MachineConfigYaml yaml) =>
    [
        .. CrdSchemaChecker.Check(yaml.MachineConfig, s_machineConfig).Select(p => "MachineConfig" + p),
        .. ObjectMetaChecker.Check((YamlMappingNode)At(yaml.MachineConfig, "metadata")),
        .. CrdSchemaChecker.Check(yaml.Policy, s_machineConfiguration).Select(p => "MachineConfiguration" + p),
        .. ObjectMetaChecker.Check((YamlMappingNode)At(yaml.Policy, "metadata")),
    ];

    private static void Break(MachineConfigYaml yaml, string mistake)
    {
        var files = (YamlSequenceNode)At(yaml.Policy, "spec", "nodeDisruptionPolicy", "files");
        var entry = (YamlMappingNode)files.Children[0];
        var actions = (YamlSequenceNode)At(entry, "actions");
        var policy = (YamlMappingNode)At(yaml.Policy, "spec", "nodeDisruptionPolicy");
        var spec = (YamlMappingNode)At(yaml.MachineConfig, "spec");
        switch (mistake)
        {
            case "policy-action-lowercase":
                Scalar(actions, 0, "type").Value = "none";
                break;
            case "policy-none-with-drain":
                actions.Add(LoadInline("type: Drain"));
                break;
            case "policy-restart-without-service":
                Scalar(actions, 0, "type").Value = "Restart";
                break;
            case "policy-file-without-path":
                entry.Children.Remove(new YamlScalarNode("path"));
                break;
            case "policy-duplicate-path":
                files.Add(LoadInline("path: /etc/node-storage-agent/desired-state.toml\nactions: [{type: Reboot}]"));
                break;
            case "policy-typo-in-field":
                policy.Children.Remove(new YamlScalarNode("files"));
                policy.Add("file", files);
                break;
            case "policy-unit-without-suffix":
                policy.Add("units", LoadNode("[{name: node-storage-agent, actions: [{type: None}]}]"));
                break;
            case "policy-eleven-actions":
                actions.Children.Clear();
                for (var i = 0; i < 11; i++)
                {
                    actions.Add(LoadInline("type: DaemonReload"));
                }

                break;
            case "mc-fips-as-string":
                spec.Add("fips", new YamlScalarNode("true") { Style = ScalarStyle.DoubleQuoted });
                break;
            case "mc-without-spec":
                yaml.MachineConfig.Children.Remove(new YamlScalarNode("spec"));
                break;
            case "mc-label-unquoted-yes":
                var label = Scalar(yaml.MachineConfig, "metadata", "labels", "machineconfiguration.openshift.io/role");
                label.Value = "yes";
                label.Style = ScalarStyle.Plain;
                break;
            case "mc-name-uppercase":
                Scalar(yaml.MachineConfig, "metadata", "name").Value = "99-Worker-node-storage-agent";
                break;
            default:
                throw new ArgumentException(mistake);
        }
    }

    private static YamlMappingNode LoadInline(string yaml) => (YamlMappingNode)LoadNode(yaml);

    private static YamlNode LoadNode(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents[0].RootNode;
    }
}
