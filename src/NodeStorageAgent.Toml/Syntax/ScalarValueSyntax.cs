namespace NodeStorageAgent.Toml.Syntax;

/// <summary>A string, integer, float, boolean or date/time: one token whose raw text is the value.</summary>
internal sealed class ScalarValueSyntax : ValueSyntax
{
    public ScalarValueSyntax(TomlValueKind kind, SyntaxToken token)
    {
        Kind = kind;
        Token = token;
    }

    public override TomlValueKind Kind { get; }

    public SyntaxToken Token { get; }

    public override int ChildCount => 1;

    public override SyntaxNode? GetChild(int index) => Token;
}
