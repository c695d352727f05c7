namespace NodeStorageAgent.Toml.Syntax;

/// <summary>A simple or dotted key: parts separated by dot tokens (<c>a."b.c".d</c>).</summary>
internal sealed class KeySyntax : SyntaxNode
{
    private readonly List<SyntaxToken> _tokens = [];

    /// <summary>The key parts (bare keys or quoted strings), without the dots.</summary>
    public List<SyntaxToken> Parts { get; } = [];

    public void AddPart(SyntaxToken part)
    {
        Parts.Add(part);
        _tokens.Add(part);
    }

    public void AddDot(SyntaxToken dot) => _tokens.Add(dot);

    public override int ChildCount => _tokens.Count;

    public override SyntaxNode? GetChild(int index) => _tokens[index];
}
