using System.Text;

namespace NodeStorageAgent.Toml.Syntax;

/// <summary>
/// A token with its trivia, as offsets into the source: <c>[FullStart, Start)</c> is the leading trivia (blank lines,
/// comment lines, indentation), <c>[Start, End)</c> the raw token text, <c>[End, FullEnd)</c> the trailing trivia
/// (spaces, an end-of-line comment and the line break that ends the token's line).
/// </summary>
internal sealed class SyntaxToken : SyntaxNode
{
    public SyntaxToken(TokenKind kind, int fullStart, int start, int end, int fullEnd, bool newlineBefore)
    {
        Kind = kind;
        TokenFullStart = fullStart;
        TokenStart = start;
        TokenEnd = end;
        TokenFullEnd = fullEnd;
        NewlineBefore = newlineBefore;
    }

    public TokenKind Kind { get; }

    public int TokenFullStart { get; }

    public int TokenStart { get; }

    public int TokenEnd { get; }

    public int TokenFullEnd { get; }

    /// <summary>A line break separates this token from the previous one (or it is the first token).</summary>
    public bool NewlineBefore { get; }

    public override int ChildCount => 0;

    public override SyntaxNode? GetChild(int index) => null;

    public override SyntaxToken FirstToken() => this;

    public override SyntaxToken LastToken() => this;

    public ReadOnlySpan<char> Text(string source) => source.AsSpan(TokenStart, TokenEnd - TokenStart);

    public override void WriteTo(StringBuilder builder, string source) =>
        builder.Append(source, TokenFullStart, TokenFullEnd - TokenFullStart);
}
