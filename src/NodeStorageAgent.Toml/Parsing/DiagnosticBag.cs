using NodeStorageAgent.Toml.Text;

namespace NodeStorageAgent.Toml.Parsing;

/// <summary>Collects diagnostics with offsets; positions are resolved through the <see cref="LineMap"/>.</summary>
internal sealed class DiagnosticBag
{
    /// <summary>Enough to fix a file; past this a broken input would only produce noise.</summary>
    public const int MaxDiagnostics = 100;

    private readonly List<TomlDiagnostic> _items = [];
    private readonly string? _sourceName;
    private readonly LineMap _lines;

    public DiagnosticBag(string? sourceName, LineMap lines)
    {
        _sourceName = sourceName;
        _lines = lines;
    }

    public int Count => _items.Count;

    public IReadOnlyList<TomlDiagnostic> Items => _items;

    public void Add(int offset, string message)
    {
        if (_items.Count < MaxDiagnostics)
        {
            _items.Add(new TomlDiagnostic(_sourceName, _lines.GetPosition(offset), message));
        }
    }
}
