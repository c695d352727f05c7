using NodeStorageAgent.Toml.Text;

namespace NodeStorageAgent.Toml.Parsing;

/// <summary>TOML 1.0 integers: decimal (signed, no leading zeros), <c>0x</c>/<c>0o</c>/<c>0b</c>, <c>_</c> between digits, int64.</summary>
internal static class IntegerDecoder
{
    public static bool TryDecode(ReadOnlySpan<char> text, out long value, out string? error)
    {
        value = 0;
        error = null;
        if (text.Length > 2 && text[0] == '0' && text[1] is 'x' or 'o' or 'b')
        {
            var radix = text[1] switch { 'x' => 16, 'o' => 8, _ => 2 };
            return TryDigits(text[2..], radix, negative: false, out value, out error);
        }

        var negative = false;
        var digits = text;
        if (digits.Length > 0 && digits[0] is '+' or '-')
        {
            negative = digits[0] == '-';
            digits = digits[1..];
        }

        if (digits.Length > 1 && digits[0] == '0')
        {
            error = "leading zeros are not allowed in a decimal integer";
            return false;
        }

        return TryDigits(digits, 10, negative, out value, out error);
    }

    private static bool TryDigits(ReadOnlySpan<char> digits, int radix, bool negative, out long value, out string? error)
    {
        value = 0;
        error = null;
        if (digits.Length == 0 || digits[0] == '_' || digits[^1] == '_')
        {
            error = "invalid integer";
            return false;
        }

        // Accumulate as a negative number so that long.MinValue fits.
        long acc = 0;
        var previousUnderscore = false;
        foreach (var c in digits)
        {
            if (c == '_')
            {
                if (previousUnderscore)
                {
                    error = "an underscore in a number must be between two digits";
                    return false;
                }

                previousUnderscore = true;
                continue;
            }

            previousUnderscore = false;
            var d = DigitValue(c);
            if (d < 0 || d >= radix)
            {
                error = "invalid integer";
                return false;
            }

            if (acc < (long.MinValue + d) / radix)
            {
                error = "integer does not fit in 64 bits";
                return false;
            }

            acc = (acc * radix) - d;
        }

        if (!negative)
        {
            if (acc == long.MinValue)
            {
                error = "integer does not fit in 64 bits";
                return false;
            }

            acc = -acc;
        }

        value = acc;
        return true;
    }

    private static int DigitValue(char c) =>
        CharClass.IsDigit(c) ? c - '0' : CharClass.IsHexDigit(c) ? CharClass.HexValue(c) : -1;
}
