using System.Globalization;
using NodeStorageAgent.Toml.Text;

namespace NodeStorageAgent.Toml.Parsing;

/// <summary>TOML 1.0 floats: <c>[+-]int(.digits)?([eE][+-]?digits)?</c> with at least a fraction or exponent, or inf/nan.</summary>
internal static class FloatDecoder
{
    public static bool TryDecode(ReadOnlySpan<char> text, out double value, out string? error)
    {
        value = 0;
        error = "invalid float";
        var body = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        var negative = text.Length > 0 && text[0] == '-';
        if (body.SequenceEqual("inf"))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            error = null;
            return true;
        }

        if (body.SequenceEqual("nan"))
        {
            value = double.NaN;
            error = null;
            return true;
        }

        var i = 0;
        if (!Digits(body, ref i, out var intDigits))
        {
            return false;
        }

        if (intDigits > 1 && body[0] == '0')
        {
            error = "leading zeros are not allowed in a float";
            return false;
        }

        var hasFraction = false;
        if (i < body.Length && body[i] == '.')
        {
            i++;
            if (!Digits(body, ref i, out _))
            {
                return false;
            }

            hasFraction = true;
        }

        var hasExponent = false;
        if (i < body.Length && body[i] is 'e' or 'E')
        {
            i++;
            if (i < body.Length && body[i] is '+' or '-')
            {
                i++;
            }

            if (!Digits(body, ref i, out _))
            {
                return false;
            }

            hasExponent = true;
        }

        if (i != body.Length || !(hasFraction || hasExponent))
        {
            return false;
        }

        Span<char> buffer = text.Length <= 128 ? stackalloc char[text.Length] : new char[text.Length];
        var n = 0;
        foreach (var c in text)
        {
            if (c != '_')
            {
                buffer[n++] = c;
            }
        }

        error = null;
        value = double.Parse(buffer[..n], NumberStyles.Float, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>One or more digits, underscores only between digits.</summary>
    private static bool Digits(ReadOnlySpan<char> s, ref int i, out int count)
    {
        count = 0;
        var start = i;
        while (i < s.Length && (CharClass.IsDigit(s[i]) || s[i] == '_'))
        {
            if (s[i] == '_' && (i == start || !CharClass.IsDigit(s[i - 1]) || i + 1 >= s.Length || !CharClass.IsDigit(s[i + 1])))
            {
                return false;
            }

            if (s[i] != '_')
            {
                count++;
            }

            i++;
        }

        return count > 0;
    }
}
