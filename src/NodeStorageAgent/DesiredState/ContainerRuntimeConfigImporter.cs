using System.Text;
using NodeStorageAgent.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NodeStorageAgent.DesiredState;

/// <summary>
/// Turns an OpenShift <c>ContainerRuntimeConfig</c> (YAML, <c>machineconfiguration.openshift.io/v1</c>) into our
/// desired-state TOML, so a cluster's object can be reused on MicroShift or a plain RHEL node. The store fields are
/// validated with exactly the rules the API and the agent apply (docs/upstream.md §1).
/// </summary>
public static class ContainerRuntimeConfigImporter
{
    private const string Kind = "ContainerRuntimeConfig";

    public sealed record ImportResult(string? Toml, IReadOnlyList<Diagnostic> Diagnostics);

    public static ImportResult Import(string yaml, string file, ContainerStorageRoots roots)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            return Fail(file, (int)e.Start.Line, (int)e.Start.Column, $"invalid YAML: {e.Message}");
        }

        var objects = stream.Documents
            .Select(d => d.RootNode)
            .OfType<YamlMappingNode>()
            .Where(m => Scalar(m, "kind") == Kind)
            .ToList();
        if (objects.Count != 1)
        {
            return Fail(file, 1, 1, objects.Count == 0
                ? $"no object with kind: {Kind} found"
                : $"found {objects.Count} {Kind} objects; merge the storage fields into one per pool (docs/upstream.md §1.5) and import that");
        }

        var diagnostics = new List<Diagnostic>();
        var entries = new List<StoreEntry>();
        var crc = objects[0];
        if (Child(crc, "spec") is not YamlMappingNode spec || Child(spec, "containerRuntimeConfig") is not YamlMappingNode config)
        {
            return Fail(file, (int)crc.Start.Line, (int)crc.Start.Column, "spec.containerRuntimeConfig is missing");
        }

        foreach (var (keyNode, value) in config.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (StoreKindNames.FromFieldName(key) is not { } kind)
            {
                diagnostics.Add(Diagnostic.Warning(DesiredStateCodes.CrcYaml,
                    $"spec.containerRuntimeConfig.{key} is not a store setting and is not imported", file, (int)keyNode.Start.Line, (int)keyNode.Start.Column));
                continue;
            }

            if (value is not YamlSequenceNode list)
            {
                diagnostics.Add(Diagnostic.Error(DesiredStateCodes.WrongType, $"{key} must be a list", file, (int)value.Start.Line, (int)value.Start.Column));
                continue;
            }

            if (list.Children.Count == 0)
            {
                // +kubebuilder:validation:MinItems=1 (docs/upstream.md §1.1): the API server refuses an empty list.
                diagnostics.Add(Diagnostic.Error(DesiredStateCodes.TooFewItems, DesiredStateValidator.TooFewItemsMessage(key), file, (int)value.Start.Line, (int)value.Start.Column));
                continue;
            }

            foreach (var item in list)
            {
                var pathNode = item is YamlMappingNode m ? Child(m, "path") as YamlScalarNode : null;
                var at = pathNode ?? item;
                entries.Add(new StoreEntry(kind, pathNode?.Value, (int)at.Start.Line, (int)at.Start.Column));
            }
        }

        diagnostics.AddRange(DesiredStateValidator.Validate(entries, roots, file));
        if (diagnostics.Any(d => d.IsError))
        {
            return new(null, diagnostics);
        }

        var name = Child(crc, "metadata") is YamlMappingNode meta ? Scalar(meta, "name") : null;
        return new(Render(entries, name), diagnostics);
    }

    private static string Render(IReadOnlyList<StoreEntry> entries, string? name)
    {
        var toml = new StringBuilder();
        toml.Append("# Desired state for node-storage-agent, imported from ContainerRuntimeConfig");
        toml.Append(name is null ? "\n" : $" '{name}'\n");
        foreach (var kind in StoreKindNames.All)
        {
            foreach (var entry in entries.Where(e => e.Kind == kind))
            {
                // Paths passed the API pattern ^/[a-zA-Z0-9/._-]+$, so they need no escaping in a basic string.
                toml.Append('\n').Append("[[").Append(StoreKindNames.FieldName(kind)).Append("]]\n");
                toml.Append("path = \"").Append(entry.Path).Append("\"\n");
            }
        }

        toml.Append("\n[apply]\naction = \"restart\"\n");
        return toml.ToString();
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Scalar(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;

    private static ImportResult Fail(string file, int line, int column, string message) =>
        new(null, [Diagnostic.Error(DesiredStateCodes.CrcYaml, message, file, line, column)]);
}
