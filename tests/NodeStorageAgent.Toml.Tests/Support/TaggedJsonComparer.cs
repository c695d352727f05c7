using System.Globalization;
using System.Text.Json;

namespace NodeStorageAgent.Toml.Tests.Support;

/// <summary>
/// Compares two toml-test tagged-JSON documents under the suite's rules (shared/toml-test/ENCODING.md): key order
/// ignored, floats numerically (any nan equals nan), date/times as normalised instants, everything else exactly.
/// Returns null when equal, else the path of the first difference.
/// </summary>
internal static class TaggedJsonComparer
{
    public static string? Difference(string expectedJson, string actualJson)
    {
        using var expected = JsonDocument.Parse(expectedJson);
        using var actual = JsonDocument.Parse(actualJson);
        return Compare(expected.RootElement, actual.RootElement, "$");
    }

    private static string? Compare(JsonElement expected, JsonElement actual, string path)
    {
        if (IsScalar(expected) || IsScalar(actual))
        {
            return IsScalar(expected) && IsScalar(actual) ? CompareScalar(expected, actual, path) : $"{path}: scalar vs table";
        }

        if (expected.ValueKind != actual.ValueKind)
        {
            return $"{path}: expected {expected.ValueKind}, got {actual.ValueKind}";
        }

        if (expected.ValueKind == JsonValueKind.Array)
        {
            if (expected.GetArrayLength() != actual.GetArrayLength())
            {
                return $"{path}: expected {expected.GetArrayLength()} items, got {actual.GetArrayLength()}";
            }

            var i = 0;
            foreach (var (e, a) in expected.EnumerateArray().Zip(actual.EnumerateArray()))
            {
                if (Compare(e, a, $"{path}[{i++}]") is { } difference)
                {
                    return difference;
                }
            }

            return null;
        }

        var expectedKeys = expected.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        var actualKeys = actual.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        if (!expectedKeys.SequenceEqual(actualKeys))
        {
            return $"{path}: keys differ: expected [{string.Join(", ", expectedKeys)}], got [{string.Join(", ", actualKeys)}]";
        }

        foreach (var key in expectedKeys)
        {
            if (Compare(expected.GetProperty(key), actual.GetProperty(key), $"{path}.{key}") is { } difference)
            {
                return difference;
            }
        }

        return null;
    }

    private static bool IsScalar(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object && e.EnumerateObject().Count() == 2
        && e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
        && e.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String;

    private static string? CompareScalar(JsonElement expected, JsonElement actual, string path)
    {
        var type = expected.GetProperty("type").GetString()!;
        var actualType = actual.GetProperty("type").GetString()!;
        var e = expected.GetProperty("value").GetString()!;
        var a = actual.GetProperty("value").GetString()!;
        if (type != actualType)
        {
            return $"{path}: expected type {type}, got {actualType}";
        }

        var equal = type switch
        {
            "float" => FloatEquals(e, a),
            "bool" => string.Equals(e, a, StringComparison.OrdinalIgnoreCase),
            "datetime" => DateTimeOffset.Parse(Normalize(e), CultureInfo.InvariantCulture) == DateTimeOffset.Parse(Normalize(a), CultureInfo.InvariantCulture),
            "datetime-local" or "date-local" or "time-local" => LocalEquals(Normalize(e), Normalize(a)),
            _ => e == a,
        };
        return equal ? null : $"{path}: expected {type} '{e}', got '{a}'";
    }

    private static bool FloatEquals(string e, string a)
    {
        if (e.EndsWith("nan", StringComparison.Ordinal) || a.EndsWith("nan", StringComparison.Ordinal))
        {
            return e.EndsWith("nan", StringComparison.Ordinal) && a.EndsWith("nan", StringComparison.Ordinal);
        }

        return ParseFloat(e).Equals(ParseFloat(a));
    }

    private static double ParseFloat(string s) => s switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string Normalize(string s) => s.Replace('t', 'T').Replace(' ', 'T').Replace('z', 'Z');

    private static bool LocalEquals(string e, string a)
    {
        // Compare fractional seconds numerically ("07:32:00.5" == "07:32:00.500"), the rest textually.
        static (string Head, decimal Fraction) Split(string s)
        {
            var dot = s.IndexOf('.', StringComparison.Ordinal);
            return dot < 0 ? (s, 0m) : (s[..dot], decimal.Parse("0" + s[dot..], CultureInfo.InvariantCulture));
        }

        return Split(e) == Split(a);
    }
}
