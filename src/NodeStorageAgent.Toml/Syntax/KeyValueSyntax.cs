namespace NodeStorageAgent.Toml.Syntax;

/// <summary><c>key = value</c>. The line break after it is the trailing trivia of the value's last token.</summary>
internal sealed class KeyValueSyntax : SyntaxNode
{
    public KeyValueSyntax(KeySyntax key) => Key = key;

    public KeySyntax Key { get; }

    public SyntaxToken? EqualsToken { get; set; }

    public ValueSyntax? Value { get; set; }

    public override int ChildCount => 3;

    public override SyntaxNode? GetChild(int index) => index switch
    {
        0 => Key,
        1 => EqualsToken,
        _ => Value,
    };
}
