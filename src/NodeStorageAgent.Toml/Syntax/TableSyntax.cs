namespace NodeStorageAgent.Toml.Syntax;

/// <summary>A <c>[table]</c> or <c>[[array.of.tables]]</c> header and the key/values that follow it.</summary>
internal sealed class TableSyntax : SyntaxNode
{
    public TableSyntax(SyntaxToken open, KeySyntax key)
    {
        OpenBracket = open;
        Key = key;
    }

    public SyntaxToken OpenBracket { get; }

    public KeySyntax Key { get; }

    public SyntaxToken? CloseBracket { get; set; }

    public bool IsArrayOfTables => OpenBracket.Kind == TokenKind.DoubleOpenBracket;

    public List<KeyValueSyntax> KeyValues { get; } = [];

    public override int ChildCount => KeyValues.Count + 3;

    public override SyntaxNode? GetChild(int index) => index switch
    {
        0 => OpenBracket,
        1 => Key,
        2 => CloseBracket,
        _ => KeyValues[index - 3],
    };
}
