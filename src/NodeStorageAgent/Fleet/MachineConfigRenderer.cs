using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Fleet;

/// <summary>
/// Renders the objects that deliver a desired-state file to a machine config pool: the <c>cluster</c>
/// MachineConfiguration's nodeDisruptionPolicy entry that makes a change of that file a no-reboot (<c>None</c>)
/// change, then the MachineConfig (Ignition 3.x file, and the enabled unit when
/// <see cref="UnitEnablement.MachineConfig"/>).
/// </summary>
/// <remarks>
/// Pure. Built on YamlDotNet's representation model and emitter (no reflection, so it survives trimming). Every
/// string is double-quoted: a pool called <c>123</c> or <c>yes</c> must stay a string in the label value.
/// Without the policy the MCO reboots the pool for every change of the file ("The default action for an unspecified
/// change is reboot", docs/upstream.md §4.2); the agent applies the change itself.
/// The policy comes first so that <c>oc apply</c> creates it before the MachineConfig: the daemon reads the policy
/// from the MachineConfiguration's status when it calculates an update's actions (it waits for
/// <c>status.observedGeneration</c> to catch up, openshift/machine-config-operator <c>pkg/daemon/update.go</c>,
/// <c>calculatePostConfigChangeNodeDisruptionAction</c>), and a policy that arrives after the update was calculated
/// does not stop its reboot.
/// </remarks>
internal static class MachineConfigRenderer
{
    /// <param name="pool">A validated pool name (<see cref="PoolNameValidator"/>).</param>
    /// <param name="desiredState">The desired-state file's bytes, delivered unchanged.</param>
    /// <param name="unit">Whether the MachineConfig enables the agent's unit or leaves that to the image.</param>
    public static string Render(string pool, ReadOnlySpan<byte> desiredState, UnitEnablement unit = UnitEnablement.Image)
    {
        var desiredFile = Map(
            ("path", Str(NodePaths.DesiredState)),
            ("mode", Int(FleetConstants.DesiredStateFileMode)),
            ("overwrite", Bool(true)),
            ("contents", Map(("source", Str(DataUrl(desiredState))))));
        var ignition = Map(
            ("ignition", Map(("version", Str(FleetConstants.IgnitionVersion)))),
            ("storage", Map(("files", Seq(desiredFile)))));
        if (unit == UnitEnablement.MachineConfig)
        {
            var agentUnit = Map(
                ("name", Str(FleetConstants.UnitName)),
                ("enabled", Bool(true)));
            ignition.Add(new YamlScalarNode("systemd"), Map(("units", Seq(agentUnit))));
        }

        var machineConfig = Map(
            ("apiVersion", Str(FleetConstants.MachineConfigApiVersion)),
            ("kind", Str("MachineConfig")),
            ("metadata", Map(
                ("name", Str(FleetConstants.MachineConfigName(pool))),
                ("labels", Map((FleetConstants.RoleLabel, Str(pool)))))),
            ("spec", Map(("config", ignition))));

        var filePolicy = Map(
            ("path", Str(NodePaths.DesiredState)),
            ("actions", Seq(Map(("type", Str("None"))))));
        var disruptionPolicy = Map(
            ("apiVersion", Str(FleetConstants.MachineConfigurationApiVersion)),
            ("kind", Str("MachineConfiguration")),
            ("metadata", Map(("name", Str(FleetConstants.MachineConfigurationName)))),
            ("spec", Map(("nodeDisruptionPolicy", Map(("files", Seq(filePolicy)))))));

        var stream = new YamlStream(new YamlDocument(disruptionPolicy), new YamlDocument(machineConfig));
        var text = new StringWriter { NewLine = "\n" };
        text.WriteLine($"# node-storage-agent machineconfig --pool {pool}" +
            (unit == UnitEnablement.MachineConfig ? " --enable-unit" : ""));
        text.WriteLine("# Apply with: oc apply --server-side -f <this file>   (see docs/fleet.md)");
        stream.Save(text, assignAnchors: false);
        return text.ToString();
    }

    /// <summary>RFC 2397 data URL, as Ignition's <c>contents.source</c> accepts it.</summary>
    public static string DataUrl(ReadOnlySpan<byte> bytes) =>
        "data:text/plain;charset=utf-8;base64," + Convert.ToBase64String(bytes);

    private static YamlMappingNode Map(params (string Key, YamlNode Value)[] entries)
    {
        var node = new YamlMappingNode();
        foreach (var (key, value) in entries)
        {
            node.Add(new YamlScalarNode(key), value);
        }

        return node;
    }

    private static YamlSequenceNode Seq(params YamlNode[] items) => new(items);

    private static YamlScalarNode Str(string value) => new(value) { Style = ScalarStyle.DoubleQuoted };

    private static YamlScalarNode Int(int value) =>
        new(value.ToString(System.Globalization.CultureInfo.InvariantCulture)) { Style = ScalarStyle.Plain };

    private static YamlScalarNode Bool(bool value) => new(value ? "true" : "false") { Style = ScalarStyle.Plain };
}
