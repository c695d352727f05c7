namespace NodeStorageAgent.Toml.Syntax;

/// <summary>Base of every value node (scalar, array, inline table).</summary>
internal abstract class ValueSyntax : SyntaxNode
{
    public abstract TomlValueKind Kind { get; }
}
