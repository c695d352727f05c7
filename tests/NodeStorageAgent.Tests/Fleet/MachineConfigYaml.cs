using YamlDotNet.RepresentationModel;

namespace NodeStorageAgent.Tests.Fleet;

/// <summary>Reads the <c>machineconfig</c> output back with YamlDotNet, the way a YAML consumer (oc) sees it.</summary>
internal sealed class MachineConfigYaml
{
    private MachineConfigYaml(YamlMappingNode machineConfig, YamlMappingNode policy)
    {
        MachineConfig = machineConfig;
        Policy = policy;
    }

    public YamlMappingNode MachineConfig { get; }

    public YamlMappingNode Policy { get; }

    public static MachineConfigYaml Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        Assert.Equal(2, stream.Documents.Count);
        return new MachineConfigYaml(OfKind(stream, "MachineConfig"), OfKind(stream, "MachineConfiguration"));
    }

    /// <summary>The kinds of the documents, in the order oc applies them.</summary>
    public static IReadOnlyList<string?> Kinds(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => ((YamlScalarNode)At(d.RootNode, "kind")).Value).ToList();
    }

    private static YamlMappingNode OfKind(YamlStream stream, string kind) =>
        (YamlMappingNode)Assert.Single(stream.Documents, d => ((YamlScalarNode)At(d.RootNode, "kind")).Value == kind).RootNode;

    public static bool Has(YamlNode node, string key) => ((YamlMappingNode)node).Children.ContainsKey(new YamlScalarNode(key));

    public static YamlNode At(YamlNode node, params object[] path)
    {
        foreach (var step in path)
        {
            node = step switch
            {
                string key => ((YamlMappingNode)node).Children[new YamlScalarNode(key)],
                int index => ((YamlSequenceNode)node).Children[index],
                _ => throw new ArgumentException($"bad path step {step}"),
            };
        }

        return node;
    }

    public static YamlScalarNode Scalar(YamlNode node, params object[] path) => (YamlScalarNode)At(node, path);
}
