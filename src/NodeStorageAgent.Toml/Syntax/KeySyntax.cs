namespace NodeStorageAgent.Toml.Syntax;

/// <summary>A simple or dotted key: parts separated by dot tokens (<c>a."b.c".d</c>).</summary>
internal sealed class KeySyntax : SyntaxNode
{
    private static readonly SyntaxToken[] s_none = [];

    /// <summary>Parts and dots interleaved, in document order.</summary>
    private readonly SyntaxToken[] _tokens;

    public KeySyntax(List<SyntaxToken> tokens)
    {
        _tokens = tokens.Count == 0 ? s_none : [.. tokens];
        if (_tokens.Length <= 1)
        {
            Parts = _tokens;
        }
        else
        {
            Parts = new SyntaxToken[(_tokens.Length + 1) / 2];
            for (var i = 0; i < Parts.Length; i++)
            {
                Parts[i] = _tokens[2 * i];
            }
        }
    }

    /// <summary>The key parts (bare keys or quoted strings), without the dots.</summary>
    public SyntaxToken[] Parts { get; }

    public override int ChildCount => _tokens.Length;

    public override SyntaxNode? GetChild(int index) => _tokens[index];
}
