using NodeStorageAgent.Toml.Text;

namespace NodeStorageAgent.Toml;

/// <summary>A decoded TOML value. Immutable once the document that produced it has been parsed.</summary>
public abstract class TomlValue
{
    private LineMap? _lines;
    private int _offset;

    private protected TomlValue()
    {
    }

    public abstract TomlValueKind Kind { get; }

    /// <summary>Where the value starts in its document (a table: its header or first defining key); (0,0) if built in code.</summary>
    public TomlPosition Position => _lines?.GetPosition(_offset) ?? default;

    internal void SetSource(LineMap lines, int offset)
    {
        _lines = lines;
        _offset = offset;
    }
}
