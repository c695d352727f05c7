using NodeStorageAgent.Toml.Syntax;

namespace NodeStorageAgent.Toml.Editing;

/// <summary>The root key/values or one <c>[header]</c> with its key/values, with the header path decoded.</summary>
internal sealed record Section(IReadOnlyList<string> Path, TableSyntax? Header, List<KeyValueSyntax> KeyValues)
{
    public bool IsArrayOfTables => Header?.IsArrayOfTables ?? false;
}
