using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace NodeStorageAgent.Tests.Fleet;

/// <summary>
/// The API server's checks of <c>metadata</c>, which CRD schemas leave to ObjectMeta validation
/// (kubernetes/apimachinery <c>pkg/api/validation/objectmeta.go</c>, with the name and label rules of
/// <c>pkg/util/validation/validation.go</c>: <c>IsDNS1123Subdomain</c>, <c>IsQualifiedName</c>,
/// <c>IsValidLabelValue</c>). Only the fields <c>machineconfig</c> sets are allowed.
/// </summary>
internal static partial class ObjectMetaChecker
{
    public static IReadOnlyList<string> Check(YamlMappingNode metadata)
    {
        var errors = new List<string>();
        foreach (var (keyNode, value) in metadata.Children)
        {
            switch (((YamlScalarNode)keyNode).Value)
            {
                case "name":
                    var name = AsString(value, "metadata.name", errors);
                    if (name is not null && !(name.Length <= 253 && Dns1123Subdomain().IsMatch(name)))
                    {
                        errors.Add($"metadata.name: '{name}' is not a DNS-1123 subdomain");
                    }

                    break;
                case "labels":
                    foreach (var (labelKey, labelValue) in ((YamlMappingNode)value).Children)
                    {
                        var key = ((YamlScalarNode)labelKey).Value!;
                        if (!IsQualifiedName(key))
                        {
                            errors.Add($"metadata.labels: key '{key}' is not a qualified name");
                        }

                        var text = AsString(labelValue, $"metadata.labels[{key}]", errors);
                        if (text is not null && !(text.Length <= 63 && LabelValue().IsMatch(text)))
                        {
                            errors.Add($"metadata.labels[{key}]: '{text}' is not a valid label value");
                        }
                    }

                    break;
                case var other:
                    errors.Add($"metadata: field '{other}' is not one machineconfig sets");
                    break;
            }
        }

        if (!metadata.Children.ContainsKey(new YamlScalarNode("name")))
        {
            errors.Add("metadata.name is missing");
        }

        return errors;
    }

    private static string? AsString(YamlNode node, string path, List<string> errors)
    {
        var type = CrdSchemaChecker.TypeOf(node);
        if (type != "string")
        {
            errors.Add($"{path}: expected string, got {type}");
            return null;
        }

        return ((YamlScalarNode)node).Value;
    }

    private static bool IsQualifiedName(string key)
    {
        var slash = key.LastIndexOf('/');
        var (prefix, name) = slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
        return (prefix is null || (prefix.Length <= 253 && Dns1123Subdomain().IsMatch(prefix)))
            && name.Length is > 0 and <= 63 && QualifiedNamePart().IsMatch(name);
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex(@"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\z")]
    private static partial Regex QualifiedNamePart();

    [GeneratedRegex(@"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\z")]
    private static partial Regex LabelValue();
}
