using System.Text;
using FsCheck;
using FsCheck.Fluent;
using NodeStorageAgent.Fleet;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static NodeStorageAgent.Tests.Fleet.MachineConfigYaml;

namespace NodeStorageAgent.Tests.Fleet;

public class MachineConfigRendererTests
{
    private static readonly byte[] s_desired = Encoding.UTF8.GetBytes(
        "# stores\n[[additionalLayerStores]]\npath = \"/var/lib/stargz-store/store\"\n\n[apply]\naction = \"restart\"\n");

    [Fact]
    public void RenderMachineConfigIsLabelledAndNamedForThePool()
    {
        var yaml = Parse(MachineConfigRenderer.Render("worker", s_desired));

        Assert.Equal("machineconfiguration.openshift.io/v1", Scalar(yaml.MachineConfig, "apiVersion").Value);
        Assert.Equal("MachineConfig", Scalar(yaml.MachineConfig, "kind").Value);
        Assert.Equal("99-worker-node-storage-agent", Scalar(yaml.MachineConfig, "metadata", "name").Value);
        Assert.Equal("worker",
            Scalar(yaml.MachineConfig, "metadata", "labels", "machineconfiguration.openshift.io/role").Value);
    }

    [Fact]
    public void RenderIgnitionFileCarriesTheDesiredStateBytesAsBase64DataUrl()
    {
        var yaml = Parse(MachineConfigRenderer.Render("worker", s_desired));
        var config = At(yaml.MachineConfig, "spec", "config");

        Assert.StartsWith("3.", Scalar(config, "ignition", "version").Value);
        var file = At(config, "storage", "files", 0);
        Assert.Equal("/etc/node-storage-agent/desired-state.toml", Scalar(file, "path").Value);
        Assert.Equal("420", Scalar(file, "mode").Value); // 0644
        Assert.Equal(ScalarStyle.Plain, Scalar(file, "mode").Style); // an integer, not the string "420"
        Assert.Equal(s_desired, DecodeDataUrl(Scalar(file, "contents", "source").Value!));
    }

    [Fact]
    public void RenderByDefaultLeavesTheUnitToTheImage()
    {
        // No systemd section: the first rollout is a file change only, which the policy covers (no reboot).
        var yaml = Parse(MachineConfigRenderer.Render("worker", s_desired));

        Assert.False(Has(At(yaml.MachineConfig, "spec", "config"), "systemd"));
    }

    [Fact]
    public void RenderPolicyComesBeforeTheMachineConfig()
    {
        Assert.Equal(["MachineConfiguration", "MachineConfig"], Kinds(MachineConfigRenderer.Render("worker", s_desired)));
    }

    [Fact]
    public void RenderWithUnitEnablementInTheMachineConfigEnablesTheAgent()
    {
        var yaml = Parse(MachineConfigRenderer.Render("worker", s_desired, UnitEnablement.MachineConfig));
        var unit = At(yaml.MachineConfig, "spec", "config", "systemd", "units", 0);

        Assert.Equal("node-storage-agent.service", Scalar(unit, "name").Value);
        Assert.Equal("true", Scalar(unit, "enabled").Value);
        Assert.Equal(ScalarStyle.Plain, Scalar(unit, "enabled").Style); // a boolean, not the string "true"
    }

    [Fact]
    public void RenderSecondDocumentIsANoRebootPolicyForTheDesiredStateFile()
    {
        var yaml = Parse(MachineConfigRenderer.Render("infra", s_desired));

        Assert.Equal("operator.openshift.io/v1", Scalar(yaml.Policy, "apiVersion").Value);
        Assert.Equal("MachineConfiguration", Scalar(yaml.Policy, "kind").Value);
        Assert.Equal("cluster", Scalar(yaml.Policy, "metadata", "name").Value);
        var files = (YamlSequenceNode)At(yaml.Policy, "spec", "nodeDisruptionPolicy", "files");
        var entry = Assert.Single(files.Children);
        Assert.Equal("/etc/node-storage-agent/desired-state.toml", Scalar(entry, "path").Value);
        var action = Assert.Single(((YamlSequenceNode)At(entry, "actions")).Children);
        Assert.Equal("None", Scalar(action, "type").Value);
    }

    [Theory]
    [InlineData("123")]
    [InlineData("yes")]
    [InlineData("null")]
    [InlineData("true")]
    public void RenderPoolNamesThatLookLikeOtherYamlTypesStayQuotedStrings(string pool)
    {
        var yaml = Parse(MachineConfigRenderer.Render(pool, s_desired));
        var label = Scalar(yaml.MachineConfig, "metadata", "labels", "machineconfiguration.openshift.io/role");

        Assert.Equal(pool, label.Value);
        Assert.Equal(ScalarStyle.DoubleQuoted, label.Style);
    }

    [Fact]
    public void RenderEmptyFileRoundTrips()
    {
        var yaml = Parse(MachineConfigRenderer.Render("worker", []));
        var source = Scalar(yaml.MachineConfig, "spec", "config", "storage", "files", 0, "contents", "source").Value!;

        Assert.Empty(DecodeDataUrl(source));
    }

    [Fact]
    public void RenderAnyBytesDecodeBackToTheSameBytes()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            var yaml = Parse(MachineConfigRenderer.Render("worker", bytes));
            var source = Scalar(yaml.MachineConfig, "spec", "config", "storage", "files", 0, "contents", "source").Value!;
            return DecodeDataUrl(source).AsSpan().SequenceEqual(bytes);
        }).QuickCheckThrowOnFailure();
    }

    private static byte[] DecodeDataUrl(string url)
    {
        const string prefix = "data:text/plain;charset=utf-8;base64,";
        Assert.StartsWith(prefix, url);
        return Convert.FromBase64String(url[prefix.Length..]);
    }
}
