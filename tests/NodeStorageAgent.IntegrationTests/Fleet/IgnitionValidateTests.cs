using System.Text.Json.Nodes;
using NodeStorageAgent.Fleet;
using NodeStorageAgent.IntegrationTests.Packaging;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.TestSupport.Fleet;
using YamlDotNet.RepresentationModel;

namespace NodeStorageAgent.IntegrationTests.Fleet;

/// <summary>
/// The Ignition config inside every MachineConfig shape <c>machineconfig</c> can print, checked by Debian's real
/// <c>ignition-validate</c> (package ignition, installed by scripts/install-test-deps.sh).
/// </summary>
/// <remarks>
/// Debian's ignition is 2.14, whose newest stable spec is 3.3.0; it refuses the 3.4.0 we emit (what the MCO on
/// OpenShift 4.14 and later renders) as "unsupported config version". 3.4.0 has no breaking change against 3.3.0
/// and adds only Tang advertisements, LUKS discard/open options, special mode bits (setuid/setgid/sticky) and S3
/// access-point ARNs (coreos/ignition <c>docs/migrating-configs.md</c>, "From Version 3.3.0 to 3.4.0"); our files
/// (mode 0644, a data: URL) and units use none of them. So the test validates a copy whose
/// <c>ignition.version</c> is rewritten to 3.3.0, and changes nothing else.
/// </remarks>
public sealed class IgnitionValidateTests : IDisposable
{
    private const string ValidatorSpec = "3.3.0";

    private readonly string _dir = Directory.CreateTempSubdirectory("nsa-ign-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Shapes() => [.. MachineConfigShapes.All().Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryShapesIgnitionConfigPassesIgnitionValidate(string shape)
    {
        var config = IgnitionConfig(MachineConfigShapes.All().Single(s => s.Name == shape).Yaml);
        Assert.Equal(FleetConstants.IgnitionVersion, (string?)config["ignition"]!["version"]);

        var run = Validate(AsValidatorSpec(config));

        Assert.True(run.ExitCode == 0, $"{shape}: ignition-validate exit {run.ExitCode}: {run.Stdout}{run.Stderr}");
        Assert.Equal("", (run.Stdout + run.Stderr).Trim());
    }

    [Theory]
    [InlineData("mode-as-string", "cannot unmarshal string")]
    [InlineData("relative-path", "path not absolute")]
    [InlineData("broken-data-url", "invalid data character")]
    [InlineData("unit-without-suffix", "invalid systemd unit extension")]
    public void IgnitionValidateRefusesABrokenConfig(string mistake, string expected)
    {
        var config = AsValidatorSpec(IgnitionConfig(MachineConfigShapes.All().Last().Yaml));
        var file = config["storage"]!["files"]![0]!.AsObject();
        switch (mistake)
        {
            case "mode-as-string": file["mode"] = "420"; break;
            case "relative-path": file["path"] = "etc/node-storage-agent/desired-state.toml"; break;
            case "broken-data-url": file["contents"]!["source"] = "data:text/plain;base64,!!"; break;
            case "unit-without-suffix": config["systemd"]!["units"]![0]!["name"] = "node-storage-agent"; break;
        }

        var run = Validate(config);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(expected, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void IgnitionValidateOfThisVersionRefusesTheSpecWeEmitWhichIsWhyTheCopyIsRewritten()
    {
        var run = Validate(IgnitionConfig(MachineConfigShapes.All().First().Yaml));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("unsupported config version", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    private static JsonObject IgnitionConfig(string machineConfigYaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(machineConfigYaml));
        var machineConfig = stream.Documents.Select(d => (YamlMappingNode)d.RootNode)
            .Single(d => ((YamlScalarNode)d.Children[new YamlScalarNode("kind")]).Value == "MachineConfig");
        var spec = (YamlMappingNode)machineConfig.Children[new YamlScalarNode("spec")];
        return YamlJson.ToJson(spec.Children[new YamlScalarNode("config")])!.AsObject();
    }

    private static JsonObject AsValidatorSpec(JsonObject config)
    {
        var copy = config.DeepClone().AsObject();
        copy["ignition"]!["version"] = ValidatorSpec;
        return copy;
    }

    private ToolRun Validate(JsonObject config)
    {
        Prerequisites.RequireCommand("ignition-validate");
        var file = Path.Combine(_dir, $"{Guid.NewGuid():N}.ign");
        File.WriteAllText(file, config.ToJsonString());
        return ToolRun.Start("ignition-validate", [file], timeout: TimeSpan.FromSeconds(30));
    }
}
