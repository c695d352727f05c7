using NodeStorageAgent.Toml.Syntax;

namespace NodeStorageAgent.Toml.Parsing;

/// <summary>
/// Recursive-descent parser producing the lossless <see cref="DocumentSyntax"/>. It stops at the first syntax error
/// (like BurntSushi/toml and tomllib: later messages after a syntax error are mostly noise) and keeps the unread rest
/// of the text in a skipped token, so even a broken document prints back byte for byte. Nesting is capped at
/// <see cref="MaxDepth"/> so that hostile input cannot exhaust the stack.
/// </summary>
internal sealed class Parser
{
    public const int MaxDepth = 256;

    private readonly string _text;
    private readonly Lexer _lexer;
    private readonly DiagnosticBag _diagnostics;
    private SyntaxToken? _lookahead;
    private LexMode _lookaheadMode;
    private (int Position, bool AtLineStart) _lookaheadState;
    private bool _failed;
    private int _depth;
    private int _lastTokenEnd;

    /// <summary>Scratch list reused for every key (a key's tokens are copied into an exact-size array).</summary>
    private readonly List<SyntaxToken> _keyTokens = [];

    private Parser(string text, DiagnosticBag diagnostics)
    {
        _text = text;
        _diagnostics = diagnostics;
        _lexer = new Lexer(text, diagnostics);
    }

    public static DocumentSyntax Parse(string text, DiagnosticBag diagnostics) => new Parser(text, diagnostics).ParseDocument();

    private DocumentSyntax ParseDocument()
    {
        var document = new DocumentSyntax(_text);
        TableSyntax? current = null;
        while (!_failed)
        {
            var token = Peek(LexMode.Key);
            if (_failed)
            {
                break;
            }

            if (token.Kind == TokenKind.EndOfFile)
            {
                document.EndOfFile = Take();
                return document;
            }

            if (!token.NewlineBefore)
            {
                Error(token, "expected a line break before the next key or table header");
                break;
            }

            if (token.Kind is TokenKind.OpenBracket or TokenKind.DoubleOpenBracket)
            {
                current = ParseHeader();
                document.Tables.Add(current);
            }
            else
            {
                (current?.KeyValues ?? document.KeyValues).Add(ParseKeyValue());
            }
        }

        var skipFrom = _lookahead?.FullStart ?? _lexer.State.Position;
        _lookahead = null;
        document.EndOfFile = _lexer.SkipToEnd(skipFrom);
        return document;
    }

    private TableSyntax ParseHeader()
    {
        var open = Take();
        var table = new TableSyntax(open, ParseKey(firstOnNewLine: false));
        if (_failed)
        {
            return table;
        }

        var expected = table.IsArrayOfTables ? TokenKind.DoubleCloseBracket : TokenKind.CloseBracket;
        var close = Peek(LexMode.Key);
        if (!_failed && (close.Kind != expected || close.NewlineBefore))
        {
            Error(close, table.IsArrayOfTables ? "expected ']]' to end the array-of-tables header" : "expected ']' to end the table header");
        }
        else if (!_failed)
        {
            table.CloseBracket = Take();
        }

        return table;
    }

    private KeySyntax ParseKey(bool firstOnNewLine)
    {
        var key = _keyTokens;
        key.Clear();
        var token = Peek(LexMode.Key);
        if (!ExpectKeyPart(token, "expected a key", firstOnNewLine))
        {
            return new KeySyntax(key);
        }

        key.Add(Take());
        while (!_failed)
        {
            token = Peek(LexMode.Key);
            if (_failed || token.Kind != TokenKind.Dot || token.NewlineBefore)
            {
                break;
            }

            key.Add(Take());
            token = Peek(LexMode.Key);
            if (!ExpectKeyPart(token, "expected a key after '.'", newlineAllowed: false))
            {
                break;
            }

            key.Add(Take());
        }

        return new KeySyntax(key);
    }

    private bool ExpectKeyPart(SyntaxToken token, string message, bool newlineAllowed)
    {
        if (_failed)
        {
            return false;
        }

        if (token.Kind is TokenKind.MultiLineBasicString or TokenKind.MultiLineLiteralString)
        {
            Error(token, "a multi-line string cannot be a key");
            return false;
        }

        if (token.Kind is not (TokenKind.BareKey or TokenKind.BasicString or TokenKind.LiteralString)
            || (token.NewlineBefore && !newlineAllowed))
        {
            Error(token, token.Kind == TokenKind.EndOfFile ? message : $"{message}, found {Describe(token)}");
            return false;
        }

        return true;
    }

    private KeyValueSyntax ParseKeyValue()
    {
        var keyValue = new KeyValueSyntax(ParseKey(firstOnNewLine: true));
        if (_failed)
        {
            return keyValue;
        }

        var equals = Peek(LexMode.Key);
        if (_failed)
        {
            return keyValue;
        }

        if (equals.Kind != TokenKind.Equals || equals.NewlineBefore)
        {
            Error(equals, $"expected '=' after the key, found {Describe(equals)}");
            return keyValue;
        }

        keyValue.EqualsToken = Take();
        var value = Peek(LexMode.Value);
        if (_failed)
        {
            return keyValue;
        }

        if (value.NewlineBefore)
        {
            Error(value, "expected a value after '=' on the same line");
            return keyValue;
        }

        keyValue.Value = ParseValue();
        return keyValue;
    }

    private ValueSyntax? ParseValue()
    {
        var token = Peek(LexMode.Value);
        if (_failed)
        {
            return null;
        }

        switch (token.Kind)
        {
            case TokenKind.BasicString or TokenKind.LiteralString or TokenKind.MultiLineBasicString or TokenKind.MultiLineLiteralString:
                return new ScalarValueSyntax(TomlValueKind.String, Take());
            case TokenKind.BareValue:
                return ParseBareValue(token);
            case TokenKind.OpenBracket:
                return Nested(token) ? ParseArray() : null;
            case TokenKind.OpenBrace:
                return Nested(token) ? ParseInlineTable() : null;
            default:
                Error(token, $"expected a value, found {Describe(token)}");
                return null;
        }
    }

    private bool Nested(SyntaxToken token)
    {
        if (_depth >= MaxDepth)
        {
            Error(token, $"arrays and inline tables are nested too deeply (the limit is {MaxDepth})");
            return false;
        }

        return true;
    }

    private ScalarValueSyntax? ParseBareValue(SyntaxToken token)
    {
        var text = token.Text(_text);
        var kind = ScalarClassifier.Classify(text, out var error);
        if (error is not null)
        {
            Error(token, error);
            return null;
        }

        return new ScalarValueSyntax(kind, Take());
    }

    private ArraySyntax ParseArray()
    {
        _depth++;
        var array = new ArraySyntax(Take());
        while (!_failed)
        {
            var token = Peek(LexMode.Value);
            if (_failed)
            {
                break;
            }

            if (token.Kind == TokenKind.CloseBracket)
            {
                array.CloseBracket = Take();
                break;
            }

            if (ParseValue() is not { } value)
            {
                break;
            }

            var item = new ArrayItemSyntax(value);
            array.Items.Add(item);
            token = Peek(LexMode.Value);
            if (_failed)
            {
                break;
            }

            if (token.Kind == TokenKind.Comma)
            {
                item.Comma = Take();
            }
            else if (token.Kind == TokenKind.CloseBracket)
            {
                array.CloseBracket = Take();
                break;
            }
            else
            {
                Error(token, $"expected ',' or ']' in the array, found {Describe(token)}");
            }
        }

        _depth--;
        return array;
    }

    private InlineTableSyntax ParseInlineTable()
    {
        _depth++;
        var table = new InlineTableSyntax(Take());
        var token = Peek(LexMode.Key);
        if (!_failed && token.Kind == TokenKind.CloseBrace && !token.NewlineBefore)
        {
            table.CloseBrace = Take();
            _depth--;
            return table;
        }

        while (!_failed)
        {
            token = Peek(LexMode.Key);
            if (_failed || !SameLine(token))
            {
                break;
            }

            if (token.Kind == TokenKind.CloseBrace)
            {
                Error(token, "a trailing comma is not allowed in an inline table (TOML 1.0)");
                break;
            }

            var item = new InlineTableItemSyntax(ParseKeyValue());
            table.Items.Add(item);
            token = Peek(LexMode.Key);
            if (_failed || !SameLine(token))
            {
                break;
            }

            if (token.Kind == TokenKind.Comma)
            {
                item.Comma = Take();
            }
            else if (token.Kind == TokenKind.CloseBrace)
            {
                table.CloseBrace = Take();
                break;
            }
            else
            {
                Error(token, $"expected ',' or '}}' in the inline table, found {Describe(token)}");
            }
        }

        _depth--;
        return table;
    }

    private bool SameLine(SyntaxToken token)
    {
        if (token.NewlineBefore)
        {
            Error(token, "an inline table must be on one line (TOML 1.0 allows no line breaks or comments inside { })");
            return false;
        }

        return true;
    }

    private SyntaxToken Peek(LexMode mode)
    {
        if (_lookahead is not null)
        {
            if (_lookaheadMode == mode || _failed)
            {
                return _lookahead;
            }

            _lexer.Restore(_lookaheadState);
        }

        _lookaheadState = _lexer.State;
        var before = _diagnostics.Count;
        _lookahead = _lexer.Next(mode);
        _lookaheadMode = mode;
        _failed |= _diagnostics.Count > before;
        return _lookahead;
    }

    private SyntaxToken Take()
    {
        var token = _lookahead!;
        _lookahead = null;
        _lastTokenEnd = token.TokenEnd;
        return token;
    }

    /// <summary>Reports at the token, or just after the previous token when the problem is a missing piece before a line break.</summary>
    private void Error(SyntaxToken token, string message)
    {
        var missingAtLineEnd = (token.NewlineBefore || token.Kind == TokenKind.EndOfFile) && _lastTokenEnd > 0;
        _diagnostics.Add(missingAtLineEnd ? _lastTokenEnd : token.TokenStart, message);
        _failed = true;
    }

    private string Describe(SyntaxToken token) => token.Kind switch
    {
        TokenKind.EndOfFile => "the end of the file",
        _ when token.NewlineBefore => "a line break",
        _ => $"'{Truncate(token.Text(_text))}'",
    };

    private static string Truncate(ReadOnlySpan<char> text) => text.Length <= 20 ? text.ToString() : text[..20].ToString() + "…";
}
