namespace NodeStorageAgent.Toml;

public sealed class TomlString : TomlValue
{
    public TomlString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    public string Value { get; }

    public override TomlValueKind Kind => TomlValueKind.String;

    public override string ToString() => Value;
}
