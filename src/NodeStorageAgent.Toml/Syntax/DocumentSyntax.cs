namespace NodeStorageAgent.Toml.Syntax;

/// <summary>
/// The whole file: key/values before the first header, then the tables in order, then the end-of-file token whose
/// leading trivia holds the trailing comments and blank lines (or, after a syntax error, a skipped token holding
/// the unread rest of the text).
/// </summary>
internal sealed class DocumentSyntax : SyntaxNode
{
    public DocumentSyntax(string source) => Source = source;

    public string Source { get; }

    public List<KeyValueSyntax> KeyValues { get; } = [];

    public List<TableSyntax> Tables { get; } = [];

    public SyntaxToken? EndOfFile { get; set; }

    public override int ChildCount => KeyValues.Count + Tables.Count + 1;

    public override SyntaxNode? GetChild(int index) =>
        index < KeyValues.Count ? KeyValues[index]
        : index < KeyValues.Count + Tables.Count ? Tables[index - KeyValues.Count]
        : EndOfFile;
}
