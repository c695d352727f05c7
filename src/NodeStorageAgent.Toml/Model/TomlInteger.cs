using System.Globalization;

namespace NodeStorageAgent.Toml;

public sealed class TomlInteger : TomlValue
{
    public TomlInteger(long value) => Value = value;

    public long Value { get; }

    public override TomlValueKind Kind => TomlValueKind.Integer;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
