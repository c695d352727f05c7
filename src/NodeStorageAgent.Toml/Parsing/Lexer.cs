using System.Buffers;
using NodeStorageAgent.Toml.Syntax;
using NodeStorageAgent.Toml.Text;

namespace NodeStorageAgent.Toml.Parsing;

/// <summary>
/// Turns the source into tokens on demand, in the mode the parser asks for. Trivia are attached to tokens the
/// Roslyn way: a token's trailing trivia run to the end of its line (spaces, comment, the line break); everything
/// else before the next token (blank lines, comment lines, indentation) is that token's leading trivia.
/// Lexical errors (bad strings, control characters, bare CR) are reported here; the lexer never throws or loops.
/// </summary>
internal sealed class Lexer
{
    /// <summary>Characters that end a fast scan of comment or string text: controls (tab excepted), DEL, quotes, backslash.</summary>
    private static readonly SearchValues<char> s_commentStops = SearchValues.Create(ControlsAnd(""));
    private static readonly SearchValues<char> s_basicStops = SearchValues.Create(ControlsAnd("\"\\"));
    private static readonly SearchValues<char> s_literalStops = SearchValues.Create(ControlsAnd("'"));

    // Not IndexOfAnyInRange: on .NET 10 that allocates on every call for char spans.
    private static readonly SearchValues<char> s_surrogates = SearchValues.Create(
        string.Create(0x800, 0, (span, _) => { for (var i = 0; i < span.Length; i++) { span[i] = (char)(0xD800 + i); } }));

    private readonly string _text;
    private readonly DiagnosticBag _diagnostics;
    private int _pos;
    private bool _atLineStart = true;

    public Lexer(string text, DiagnosticBag diagnostics)
    {
        _text = text;
        _diagnostics = diagnostics;
    }

    public (int Position, bool AtLineStart) State => (_pos, _atLineStart);

    public void Restore((int Position, bool AtLineStart) state) => (_pos, _atLineStart) = state;

    public SyntaxToken Next(LexMode mode)
    {
        var fullStart = _pos;
        var newline = ScanLeadingTrivia() | _atLineStart;
        var start = _pos;
        if (_pos >= _text.Length)
        {
            return new SyntaxToken(TokenKind.EndOfFile, fullStart, start, start, start, newline);
        }

        var kind = ScanToken(mode);
        var end = _pos;
        _atLineStart = ScanTrailingTrivia();
        return new SyntaxToken(kind, fullStart, start, end, _pos, newline);
    }

    /// <summary>A token holding everything from <paramref name="from"/> to the end of the text.</summary>
    public SyntaxToken SkipToEnd(int from)
    {
        _pos = _text.Length;
        return new SyntaxToken(TokenKind.Skipped, from, from, _text.Length, _text.Length, newlineBefore: false);
    }

    private bool ScanLeadingTrivia()
    {
        var sawNewline = false;
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c is ' ' or '\t' || (c == '\uFEFF' && _pos == 0))
            {
                _pos++;
            }
            else if (c == '\n')
            {
                _pos++;
                sawNewline = true;
            }
            else if (c == '\r')
            {
                sawNewline |= ScanCarriageReturn();
            }
            else if (c == '#')
            {
                ScanComment();
            }
            else
            {
                break;
            }
        }

        return sawNewline;
    }

    private bool ScanTrailingTrivia()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t')
        {
            _pos++;
        }

        if (_pos < _text.Length && _text[_pos] == '#')
        {
            ScanComment();
        }

        if (_pos < _text.Length && _text[_pos] == '\n')
        {
            _pos++;
            return true;
        }

        if (_pos + 1 < _text.Length && _text[_pos] == '\r' && _text[_pos + 1] == '\n')
        {
            _pos += 2;
            return true;
        }

        return false;
    }

    /// <summary>At a CR: consumes CRLF (true) or reports a bare CR (TOML 1.0 has no CR-only line ends).</summary>
    private bool ScanCarriageReturn()
    {
        if (_pos + 1 < _text.Length && _text[_pos + 1] == '\n')
        {
            _pos += 2;
            return true;
        }

        _diagnostics.Add(_pos, "carriage return (U+000D) must be followed by a line feed");
        _pos++;
        return false;
    }

    private void ScanComment()
    {
        _pos++;
        while (_pos < _text.Length)
        {
            SkipPlain(s_commentStops);
            if (_pos >= _text.Length)
            {
                return;
            }

            var c = _text[_pos];
            if (c == '\n' || (c == '\r' && _pos + 1 < _text.Length && _text[_pos + 1] == '\n'))
            {
                return;
            }

            if (CharClass.IsForbiddenControl(c))
            {
                _diagnostics.Add(_pos, $"control character U+{(int)c:X4} is not allowed in a comment");
                _pos++;
            }
            else
            {
                ScanTextChar();
            }
        }
    }

    /// <summary>Advances over one character of free text, reporting a lone surrogate (only possible from a string input).</summary>
    private void ScanTextChar()
    {
        var c = _text[_pos];
        if (char.IsHighSurrogate(c) && _pos + 1 < _text.Length && char.IsLowSurrogate(_text[_pos + 1]))
        {
            _pos += 2;
            return;
        }

        if (char.IsSurrogate(c))
        {
            _diagnostics.Add(_pos, "invalid Unicode text (unpaired surrogate)");
        }

        _pos++;
    }

    /// <summary>
    /// Skips (vectorized) text that needs no attention: up to the next stop character, or to the next surrogate,
    /// which is then checked one by one (only a string input can hold unpaired surrogates).
    /// </summary>
    private void SkipPlain(SearchValues<char> stops)
    {
        var rest = _text.AsSpan(_pos);
        var stop = rest.IndexOfAny(stops);
        var plain = stop < 0 ? rest : rest[..stop];
        var surrogate = plain.IndexOfAny(s_surrogates);
        _pos += surrogate >= 0 ? surrogate : plain.Length;
        if (surrogate >= 0)
        {
            ScanTextChar();
        }
    }

    private static string ControlsAnd(string extra)
    {
        var chars = new System.Text.StringBuilder(extra);
        for (var c = '\0'; c < ' '; c++)
        {
            if (c != '\t')
            {
                chars.Append(c);
            }
        }

        return chars.Append('\u007F').ToString();
    }

    private TokenKind ScanToken(LexMode mode)
    {
        var c = _text[_pos];
        switch (c)
        {
            case '"':
                return At("\"\"\"") ? ScanMultiLineString('"') : ScanBasicString();
            case '\'':
                return At("'''") ? ScanMultiLineString('\'') : ScanLiteralString();
            case '=':
                _pos++;
                return TokenKind.Equals;
            case ',':
                _pos++;
                return TokenKind.Comma;
            case '{':
                _pos++;
                return TokenKind.OpenBrace;
            case '}':
                _pos++;
                return TokenKind.CloseBrace;
            case '[':
                return mode == LexMode.Key && At("[[") ? Advance(2, TokenKind.DoubleOpenBracket) : Advance(1, TokenKind.OpenBracket);
            case ']':
                return mode == LexMode.Key && At("]]") ? Advance(2, TokenKind.DoubleCloseBracket) : Advance(1, TokenKind.CloseBracket);
            case '.' when mode == LexMode.Key:
                _pos++;
                return TokenKind.Dot;
        }

        if (mode == LexMode.Key && CharClass.IsBareKeyChar(c))
        {
            while (_pos < _text.Length && CharClass.IsBareKeyChar(_text[_pos]))
            {
                _pos++;
            }

            return TokenKind.BareKey;
        }

        if (mode == LexMode.Value && CharClass.IsBareValueChar(c))
        {
            ScanBareValue();
            return TokenKind.BareValue;
        }

        ScanTextChar();
        return TokenKind.Invalid;
    }

    private TokenKind Advance(int count, TokenKind kind)
    {
        _pos += count;
        return kind;
    }

    private bool At(string s) => _text.AsSpan(_pos).StartsWith(s, StringComparison.Ordinal);

    private void ScanBareValue()
    {
        var start = _pos;
        while (_pos < _text.Length && CharClass.IsBareValueChar(_text[_pos]))
        {
            _pos++;
        }

        // A date and a time may be separated by one space: 1979-05-27 07:32:00.
        if (_pos - start == 10 && _text[start + 4] == '-' && _text[start + 7] == '-'
            && _pos + 3 < _text.Length && _text[_pos] == ' '
            && CharClass.IsDigit(_text[_pos + 1]) && CharClass.IsDigit(_text[_pos + 2]) && _text[_pos + 3] == ':')
        {
            _pos++;
            while (_pos < _text.Length && CharClass.IsBareValueChar(_text[_pos]))
            {
                _pos++;
            }
        }
    }

    private TokenKind ScanBasicString()
    {
        var start = _pos++;
        while (true)
        {
            SkipPlain(s_basicStops);
            if (_pos >= _text.Length || _text[_pos] is '\n' or '\r')
            {
                _diagnostics.Add(start, "unterminated string: a basic string must end on the line it starts");
                return TokenKind.BasicString;
            }

            var c = _text[_pos];
            if (c == '"')
            {
                _pos++;
                return TokenKind.BasicString;
            }

            ScanStringChar(c, escapes: true, multiLine: false);
        }
    }

    private TokenKind ScanLiteralString()
    {
        var start = _pos++;
        while (true)
        {
            SkipPlain(s_literalStops);
            if (_pos >= _text.Length || _text[_pos] is '\n' or '\r')
            {
                _diagnostics.Add(start, "unterminated literal string: it must end on the line it starts");
                return TokenKind.LiteralString;
            }

            var c = _text[_pos];
            if (c == '\'')
            {
                _pos++;
                return TokenKind.LiteralString;
            }

            ScanStringChar(c, escapes: false, multiLine: false);
        }
    }

    private TokenKind ScanMultiLineString(char quote)
    {
        var start = _pos;
        _pos += 3;
        var kind = quote == '"' ? TokenKind.MultiLineBasicString : TokenKind.MultiLineLiteralString;
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == quote)
            {
                var run = 0;
                while (_pos + run < _text.Length && _text[_pos + run] == quote)
                {
                    run++;
                }

                _pos += run;
                if (run >= 3)
                {
                    if (run > 5)
                    {
                        _diagnostics.Add(_pos - run, "too many quotes at the end of a multi-line string");
                    }

                    return kind;
                }

                continue;
            }

            if (c == '\n')
            {
                _pos++;
            }
            else if (c == '\r')
            {
                ScanCarriageReturn();
            }
            else
            {
                ScanStringChar(c, escapes: quote == '"', multiLine: true);
            }
        }

        _diagnostics.Add(start, "unterminated multi-line string");
        return kind;
    }

    private void ScanStringChar(char c, bool escapes, bool multiLine)
    {
        if (c == '\\' && escapes)
        {
            ScanEscape(multiLine);
        }
        else if (CharClass.IsForbiddenControl(c))
        {
            _diagnostics.Add(_pos, $"control character U+{(int)c:X4} is not allowed in a string (use an escape)");
            _pos++;
        }
        else
        {
            ScanTextChar();
        }
    }

    private void ScanEscape(bool multiLine)
    {
        var start = _pos++;
        if (_pos >= _text.Length)
        {
            _diagnostics.Add(start, "incomplete escape sequence");
            return;
        }

        var c = _text[_pos];
        switch (c)
        {
            case 'b' or 't' or 'n' or 'f' or 'r' or '"' or '\\':
                _pos++;
                return;
            case 'u' or 'U':
                ScanUnicodeEscape(start, c == 'u' ? 4 : 8);
                return;
        }

        if (multiLine && c is ' ' or '\t' or '\n' or '\r')
        {
            // Line-ending backslash: only whitespace may follow it on its line.
            var p = _pos;
            while (p < _text.Length && _text[p] is ' ' or '\t')
            {
                p++;
            }

            if (p < _text.Length && (_text[p] == '\n' || (_text[p] == '\r' && p + 1 < _text.Length && _text[p + 1] == '\n')))
            {
                _pos = p;
                return;
            }
        }

        _diagnostics.Add(start, $"invalid escape sequence '\\{(char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString())}'");
        _pos++;
    }

    private void ScanUnicodeEscape(int start, int digits)
    {
        _pos++;
        var value = 0L;
        for (var i = 0; i < digits; i++, _pos++)
        {
            if (_pos >= _text.Length || !CharClass.IsHexDigit(_text[_pos]))
            {
                _diagnostics.Add(start, $"a \\{(digits == 4 ? 'u' : 'U')} escape needs {digits} hexadecimal digits");
                return;
            }

            value = (value * 16) + CharClass.HexValue(_text[_pos]);
        }

        if (value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF)
        {
            _diagnostics.Add(start, $"escape U+{value:X} is not a Unicode scalar value");
        }
    }
}
