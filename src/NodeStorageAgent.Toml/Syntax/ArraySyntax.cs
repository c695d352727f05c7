namespace NodeStorageAgent.Toml.Syntax;

/// <summary><c>[ item, item, ... ]</c>; may span lines and hold comments in its trivia.</summary>
internal sealed class ArraySyntax : ValueSyntax
{
    public ArraySyntax(SyntaxToken openBracket) => OpenBracket = openBracket;

    public SyntaxToken OpenBracket { get; }

    public List<ArrayItemSyntax> Items { get; } = [];

    /// <summary>Absent only in a document with syntax errors.</summary>
    public SyntaxToken? CloseBracket { get; set; }

    public override TomlValueKind Kind => TomlValueKind.Array;

    public override int ChildCount => Items.Count + 2;

    public override SyntaxNode? GetChild(int index) =>
        index == 0 ? OpenBracket : index <= Items.Count ? Items[index - 1] : CloseBracket;
}
