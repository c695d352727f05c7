using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NodeStorageAgent.Tests.Fleet;

/// <summary>
/// Checks a YAML object against a CRD's structural OpenAPI v3 schema the way the API server would, for the keywords
/// our fixtures use: <c>type</c>, <c>properties</c> (unknown fields are errors, as with <c>oc apply</c>'s strict field
/// validation, unless <c>x-kubernetes-preserve-unknown-fields</c>), <c>required</c>, <c>items</c>, <c>enum</c>,
/// <c>pattern</c>, <c>minLength</c>/<c>maxLength</c>, <c>maxItems</c>, <c>nullable</c>, list-map key uniqueness and
/// the <c>x-kubernetes-validations</c> rules listed in <see cref="CheckRule"/>.
/// </summary>
/// <remarks>
/// A keyword or CEL rule the checker does not know is reported as an error, not skipped: a fixture refreshed from
/// upstream with a new rule must make the test fail until the rule is checked here. Scalars are typed as the API
/// server's YAML decoder (sigs.k8s.io/yaml, YAML 1.1 resolution) types them: a plain <c>yes</c> is a boolean.
/// </remarks>
internal static partial class CrdSchemaChecker
{
    private static readonly HashSet<string> s_known =
    [
        "type", "properties", "required", "items", "enum", "pattern", "minLength", "maxLength", "maxItems", "nullable",
        "x-kubernetes-preserve-unknown-fields", "x-kubernetes-list-type", "x-kubernetes-list-map-keys",
        "x-kubernetes-validations",
    ];

    public static YamlMappingNode LoadSchema(string fixtureFile)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fleet", "Schemas", fixtureFile))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public static IReadOnlyList<string> Check(YamlNode value, YamlMappingNode schema)
    {
        var errors = new List<string>();
        Check(value, schema, "", errors);
        return errors;
    }

    private static void Check(YamlNode value, YamlMappingNode schema, string path, List<string> errors)
    {
        foreach (var keyword in schema.Children.Keys.Select(k => ((YamlScalarNode)k).Value!))
        {
            if (!s_known.Contains(keyword))
            {
                errors.Add($"{path}: schema keyword '{keyword}' is not checked by {nameof(CrdSchemaChecker)}");
            }
        }

        if (TypeOf(value) == "null")
        {
            if (Scalar(schema, "nullable") != "true")
            {
                errors.Add($"{path}: null is not allowed");
            }

            return;
        }

        var type = Scalar(schema, "type");
        var actual = TypeOf(value);
        if (type is not null && actual != type && !(type == "number" && actual == "integer"))
        {
            errors.Add($"{path}: expected {type}, got {actual}");
            return;
        }

        switch (value)
        {
            case YamlMappingNode map:
                CheckObject(map, schema, path, errors);
                break;
            case YamlSequenceNode list:
                CheckArray(list, schema, path, errors);
                break;
            case YamlScalarNode scalar when actual == "string":
                CheckString(scalar.Value ?? "", schema, path, errors);
                break;
        }

        if (schema.Children.TryGetValue(new YamlScalarNode("x-kubernetes-validations"), out var rules))
        {
            foreach (YamlMappingNode rule in ((YamlSequenceNode)rules).Children)
            {
                if (CheckRule(Scalar(rule, "rule")!, value) is { } failure)
                {
                    errors.Add($"{path}: {failure} ({Scalar(rule, "message")})");
                }
            }
        }
    }

    private static void CheckObject(YamlMappingNode map, YamlMappingNode schema, string path, List<string> errors)
    {
        foreach (var required in Sequence(schema, "required"))
        {
            if (!map.Children.ContainsKey(new YamlScalarNode(required)))
            {
                errors.Add($"{path}: required field '{required}' is missing");
            }
        }

        var properties = schema.Children.TryGetValue(new YamlScalarNode("properties"), out var p) ? (YamlMappingNode)p : null;
        var preserveUnknown = Scalar(schema, "x-kubernetes-preserve-unknown-fields") == "true";
        foreach (var (keyNode, child) in map.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value!;
            if (properties is not null && properties.Children.TryGetValue(new YamlScalarNode(key), out var childSchema))
            {
                Check(child, (YamlMappingNode)childSchema, $"{path}.{key}", errors);
            }
            else if (!preserveUnknown && properties is not null)
            {
                errors.Add($"{path}: unknown field '{key}'");
            }
        }
    }

    private static void CheckArray(YamlSequenceNode list, YamlMappingNode schema, string path, List<string> errors)
    {
        if (Scalar(schema, "maxItems") is { } max && list.Children.Count > int.Parse(max, CultureInfo.InvariantCulture))
        {
            errors.Add($"{path}: {list.Children.Count} items; at most {max} allowed");
        }

        if (schema.Children.TryGetValue(new YamlScalarNode("items"), out var items))
        {
            for (var i = 0; i < list.Children.Count; i++)
            {
                Check(list.Children[i], (YamlMappingNode)items, $"{path}[{i}]", errors);
            }
        }

        if (Scalar(schema, "x-kubernetes-list-type") == "map")
        {
            var keys = Sequence(schema, "x-kubernetes-list-map-keys").ToList();
            var seen = new HashSet<string>();
            foreach (var item in list.Children.OfType<YamlMappingNode>())
            {
                var identity = string.Join("\0", keys.Select(k => item.Children.TryGetValue(new YamlScalarNode(k), out var v) ? ((YamlScalarNode)v).Value : null));
                if (!seen.Add(identity))
                {
                    errors.Add($"{path}: duplicate entry for list-map key(s) {string.Join(",", keys)} = {identity.Replace('\0', ',')}");
                }
            }
        }
    }

    private static void CheckString(string value, YamlMappingNode schema, string path, List<string> errors)
    {
        var enumValues = Sequence(schema, "enum").ToList();
        if (enumValues.Count > 0 && !enumValues.Contains(value))
        {
            errors.Add($"{path}: '{value}' is not one of {string.Join(", ", enumValues)}");
        }

        if (Scalar(schema, "pattern") is { } pattern && !Regex.IsMatch(value, pattern, RegexOptions.CultureInvariant))
        {
            errors.Add($"{path}: '{value}' does not match {pattern}");
        }

        // OpenAPI lengths count characters (code points), not bytes.
        var length = value.EnumerateRunes().Count();
        if (Scalar(schema, "maxLength") is { } max && length > int.Parse(max, CultureInfo.InvariantCulture))
        {
            errors.Add($"{path}: {length} characters; at most {max} allowed");
        }

        if (Scalar(schema, "minLength") is { } min && length < int.Parse(min, CultureInfo.InvariantCulture))
        {
            errors.Add($"{path}: {length} characters; at least {min} required");
        }
    }

    /// <summary>The CEL rules of our fixtures, each checked by hand; null when the rule holds.</summary>
    private static string? CheckRule(string rule, YamlNode self)
    {
        if (SelfMatches().Match(rule) is { Success: true } matches)
        {
            // CEL single-quoted string: "\\" is one backslash. CEL's matches() is RE2; these patterns mean the same in .NET.
            var regex = matches.Groups[1].Value.Replace(@"\\", @"\", StringComparison.Ordinal);
            var text = ((YamlScalarNode)self).Value ?? "";
            return Regex.IsMatch(text, regex, RegexOptions.CultureInvariant) ? null : $"'{text}' fails {rule}";
        }

        if (StandaloneAction().Match(rule) is { Success: true } standalone)
        {
            var actions = ((YamlSequenceNode)self).Children.OfType<YamlMappingNode>().ToList();
            var type = standalone.Groups[1].Value;
            return actions.Any(a => Scalar(a, "type") == type) && actions.Count != 1 ? $"{type} is not standalone" : null;
        }

        if (FieldForType().Match(rule) is { Success: true } fieldForType)
        {
            var map = (YamlMappingNode)self;
            var (type, field) = (fieldForType.Groups[1].Value, fieldForType.Groups[2].Value);
            var has = map.Children.ContainsKey(new YamlScalarNode(field));
            return (Scalar(map, "type") == type) == has ? null : $"'{field}' must be set exactly when type is {type}";
        }

        return $"rule not checked by {nameof(CrdSchemaChecker)}: {rule}";
    }

    [GeneratedRegex(@"^self\.matches\('(.*)'\)$")]
    private static partial Regex SelfMatches();

    [GeneratedRegex(@"^self\.exists\(x, x\.type=='(\w+)'\) \? size\(self\) == 1 : true$")]
    private static partial Regex StandaloneAction();

    [GeneratedRegex(@"^has\(self\.type\) && self\.type == '(\w+)' \? has\(self\.(\w+)\) : !has\(self\.\2\)$")]
    private static partial Regex FieldForType();

    /// <summary>The JSON type the API server sees for a YAML node (YAML 1.1 resolution of plain scalars).</summary>
    internal static string TypeOf(YamlNode node) => node switch
    {
        YamlMappingNode => "object",
        YamlSequenceNode => "array",
        YamlScalarNode { Style: not ScalarStyle.Plain } => "string",
        YamlScalarNode s when s.Value is null or "" or "~" or "null" or "Null" or "NULL" => "null",
        YamlScalarNode s when Yaml11Bool().IsMatch(s.Value!) => "boolean",
        YamlScalarNode s when Yaml11Int().IsMatch(s.Value!) => "integer",
        YamlScalarNode s when Yaml11Float().IsMatch(s.Value!) => "number",
        _ => "string",
    };

    [GeneratedRegex(@"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")]
    private static partial Regex Yaml11Bool();

    [GeneratedRegex(@"^([-+]?(0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|0[0-7_]+)$")]
    private static partial Regex Yaml11Int();

    [GeneratedRegex(@"^[-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$")]
    private static partial Regex Yaml11Float();

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;

    private static IEnumerable<string> Sequence(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlSequenceNode seq
            ? seq.Children.Select(c => ((YamlScalarNode)c).Value!)
            : [];
}
