namespace NodeStorageAgent.Toml.Syntax;

/// <summary><c>{ key = value, ... }</c> on one line (TOML 1.0); closed to later extension.</summary>
internal sealed class InlineTableSyntax : ValueSyntax
{
    public InlineTableSyntax(SyntaxToken openBrace) => OpenBrace = openBrace;

    public SyntaxToken OpenBrace { get; }

    public List<InlineTableItemSyntax> Items { get; } = [];

    public SyntaxToken? CloseBrace { get; set; }

    public override TomlValueKind Kind => TomlValueKind.Table;

    public override int ChildCount => Items.Count + 2;

    public override SyntaxNode? GetChild(int index) =>
        index == 0 ? OpenBrace : index <= Items.Count ? Items[index - 1] : CloseBrace;
}
