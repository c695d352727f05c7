using System.Text;
using NodeStorageAgent.Toml.Syntax;

namespace NodeStorageAgent.Toml.Parsing;

/// <summary>
/// Decodes the raw text of a string token (already validated by the <see cref="Lexer"/>) into its value: quotes
/// removed, escapes resolved, a multi-line string's first line break trimmed, line-ending backslashes applied.
/// </summary>
internal static class StringDecoder
{
    public static string Decode(TokenKind kind, ReadOnlySpan<char> raw)
    {
        switch (kind)
        {
            case TokenKind.BareKey:
                return raw.ToString();
            case TokenKind.LiteralString:
                return raw[1..^1].ToString();
            case TokenKind.MultiLineLiteralString:
                return TrimFirstNewline(raw[3..^3]).ToString();
            case TokenKind.BasicString:
                return Unescape(raw[1..^1]);
            case TokenKind.MultiLineBasicString:
                return Unescape(TrimFirstNewline(raw[3..^3]));
            default:
                return raw.ToString();
        }
    }

    private static ReadOnlySpan<char> TrimFirstNewline(ReadOnlySpan<char> s) =>
        s.StartsWith("\r\n") ? s[2..] : s.StartsWith("\n") ? s[1..] : s;

    private static string Unescape(ReadOnlySpan<char> s)
    {
        var backslash = s.IndexOf('\\');
        if (backslash < 0)
        {
            return s.ToString();
        }

        var sb = new StringBuilder(s.Length);
        sb.Append(s[..backslash]);
        for (var i = backslash; i < s.Length; i++)
        {
            var c = s[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            var e = s[++i];
            switch (e)
            {
                case 'b': sb.Append('\b'); break;
                case 't': sb.Append('\t'); break;
                case 'n': sb.Append('\n'); break;
                case 'f': sb.Append('\f'); break;
                case 'r': sb.Append('\r'); break;
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case 'u' or 'U':
                    var digits = e == 'u' ? 4 : 8;
                    var value = int.Parse(s.Slice(i + 1, digits), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
                    sb.Append(char.ConvertFromUtf32(value));
                    i += digits;
                    break;
                default:
                    // Line-ending backslash: drop it and all whitespace and line breaks up to the next other character.
                    while (i < s.Length && s[i] is ' ' or '\t' or '\n' or '\r')
                    {
                        i++;
                    }

                    i--;
                    break;
            }
        }

        return sb.ToString();
    }
}
