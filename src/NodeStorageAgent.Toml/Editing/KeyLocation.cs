using NodeStorageAgent.Toml.Syntax;

namespace NodeStorageAgent.Toml.Editing;

/// <summary>Where a key/value is written: directly in a section, or as entry <see cref="Index"/> of an inline table.</summary>
internal sealed record KeyLocation(KeyValueSyntax KeyValue, Section Section, InlineTableSyntax? InlineTable, int Index);
