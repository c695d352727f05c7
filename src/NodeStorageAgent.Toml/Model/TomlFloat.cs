using System.Globalization;

namespace NodeStorageAgent.Toml;

public sealed class TomlFloat : TomlValue
{
    public TomlFloat(double value) => Value = value;

    public double Value { get; }

    public override TomlValueKind Kind => TomlValueKind.Float;

    /// <summary>TOML spelling: <c>inf</c>, <c>-inf</c>, <c>nan</c>, otherwise the shortest round-tripping form.</summary>
    public override string ToString() => Value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(Value) => "nan",
        _ => FormatFinite(Value),
    };

    private static string FormatFinite(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }
}
