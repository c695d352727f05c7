using System.Text;

namespace NodeStorageAgent.Toml.Syntax;

/// <summary>
/// A node of the lossless concrete syntax tree. Nodes hold no text of their own: every character of the source belongs
/// to exactly one <see cref="SyntaxToken"/> (its raw text or its leading/trailing trivia), and tokens point into the
/// source. The source text is therefore the single source of truth; decoded values are computed from it.
/// </summary>
internal abstract class SyntaxNode
{
    public abstract int ChildCount { get; }

    /// <summary>Children in document order; <c>null</c> for an absent optional child.</summary>
    public abstract SyntaxNode? GetChild(int index);

    /// <summary>Start of the node including the leading trivia of its first token.</summary>
    public int FullStart => FirstToken()?.TokenFullStart ?? 0;

    /// <summary>End of the node including the trailing trivia of its last token.</summary>
    public int FullEnd => LastToken()?.TokenFullEnd ?? 0;

    /// <summary>Start of the node's first token, without trivia.</summary>
    public int Start => FirstToken()?.TokenStart ?? 0;

    /// <summary>End of the node's last token, without trivia.</summary>
    public int End => LastToken()?.TokenEnd ?? 0;

    public virtual SyntaxToken? FirstToken()
    {
        for (var i = 0; i < ChildCount; i++)
        {
            if (GetChild(i)?.FirstToken() is { } token)
            {
                return token;
            }
        }

        return null;
    }

    public virtual SyntaxToken? LastToken()
    {
        for (var i = ChildCount - 1; i >= 0; i--)
        {
            if (GetChild(i)?.LastToken() is { } token)
            {
                return token;
            }
        }

        return null;
    }

    /// <summary>The one printing routine: each token's leading trivia, raw text and trailing trivia, in order.</summary>
    public virtual void WriteTo(StringBuilder builder, string source)
    {
        for (var i = 0; i < ChildCount; i++)
        {
            GetChild(i)?.WriteTo(builder, source);
        }
    }
}
