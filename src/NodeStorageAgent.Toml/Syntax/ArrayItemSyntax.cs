namespace NodeStorageAgent.Toml.Syntax;

/// <summary>One array element and the comma after it (absent for a last element without trailing comma).</summary>
internal sealed class ArrayItemSyntax : SyntaxNode
{
    public ArrayItemSyntax(ValueSyntax value) => Value = value;

    public ValueSyntax Value { get; }

    public SyntaxToken? Comma { get; set; }

    public override int ChildCount => 2;

    public override SyntaxNode? GetChild(int index) => index == 0 ? Value : Comma;
}
