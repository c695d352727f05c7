namespace NodeStorageAgent.Toml;

/// <summary>The outcome of an edit: the new document, or diagnostics explaining why nothing was changed.</summary>
public sealed record TomlEditResult(TomlDocument? Document, IReadOnlyList<TomlDiagnostic> Diagnostics)
{
    public bool Succeeded => Document is not null;
}
