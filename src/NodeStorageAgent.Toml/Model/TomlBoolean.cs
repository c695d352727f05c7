namespace NodeStorageAgent.Toml;

public sealed class TomlBoolean : TomlValue
{
    public TomlBoolean(bool value) => Value = value;

    public bool Value { get; }

    public override TomlValueKind Kind => TomlValueKind.Boolean;

    public override string ToString() => Value ? "true" : "false";
}
