namespace NodeStorageAgent.Toml.Syntax;

/// <summary>One <c>key = value</c> of an inline table and the comma after it.</summary>
internal sealed class InlineTableItemSyntax : SyntaxNode
{
    public InlineTableItemSyntax(KeyValueSyntax keyValue) => KeyValue = keyValue;

    public KeyValueSyntax KeyValue { get; }

    public SyntaxToken? Comma { get; set; }

    public override int ChildCount => 2;

    public override SyntaxNode? GetChild(int index) => index == 0 ? KeyValue : Comma;
}
