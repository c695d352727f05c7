using NodeStorageAgent.Toml.Text;

namespace NodeStorageAgent.Toml.Parsing;

/// <summary>RFC 3339 as restricted by TOML 1.0: offset date-time, local date-time, local date, local time (seconds required).</summary>
internal static class DateTimeDecoder
{
    public static bool LooksLikeDateTime(ReadOnlySpan<char> text) =>
        (text.Length >= 10 && CharClass.IsDigit(text[0]) && CharClass.IsDigit(text[3]) && text[4] == '-')
        || (text.Length >= 5 && CharClass.IsDigit(text[0]) && CharClass.IsDigit(text[1]) && text[2] == ':');

    public static bool TryDecode(ReadOnlySpan<char> text, out TomlDateTime? value, out string? error)
    {
        value = null;
        error = "invalid date/time (TOML 1.0 uses RFC 3339: 1979-05-27T07:32:00Z, 1979-05-27, 07:32:00)";
        int year = 0, month = 0, day = 0;
        var rest = text;
        var hasDate = false;
        if (text.Length >= 10 && text[4] == '-')
        {
            if (!Number(text, 0, 4, out year) || text[4] != '-' || !Number(text, 5, 2, out month) || text[7] != '-'
                || !Number(text, 8, 2, out day))
            {
                return false;
            }

            if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month) || year < 1)
            {
                error = "date is out of range";
                return false;
            }

            hasDate = true;
            rest = text[10..];
            if (rest.Length == 0)
            {
                value = new TomlDateTime(TomlValueKind.LocalDate, new DateOnly(year, month, day), null, "", null);
                error = null;
                return true;
            }

            if (rest[0] is not ('T' or 't' or ' '))
            {
                return false;
            }

            rest = rest[1..];
        }

        if (rest.Length < 8 || !Number(rest, 0, 2, out var hour) || rest[2] != ':' || !Number(rest, 3, 2, out var minute)
            || rest[5] != ':' || !Number(rest, 6, 2, out var second))
        {
            return false;
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            error = "time is out of range";
            return false;
        }

        rest = rest[8..];
        var fraction = "";
        if (rest.Length > 0 && rest[0] == '.')
        {
            var n = 1;
            while (n < rest.Length && CharClass.IsDigit(rest[n]))
            {
                n++;
            }

            if (n == 1)
            {
                return false;
            }

            fraction = rest[1..n].ToString();
            rest = rest[n..];
        }

        TimeSpan? offset = null;
        if (rest.Length > 0)
        {
            if (!hasDate)
            {
                return false;
            }

            if (rest is "Z" or "z")
            {
                offset = TimeSpan.Zero;
            }
            else if (rest.Length == 6 && rest[0] is '+' or '-' && Number(rest, 1, 2, out var oh) && rest[3] == ':'
                     && Number(rest, 4, 2, out var om))
            {
                if (oh > 23 || om > 59)
                {
                    error = "time offset is out of range";
                    return false;
                }

                offset = new TimeSpan(rest[0] == '-' ? -oh : oh, rest[0] == '-' ? -om : om, 0);
            }
            else
            {
                return false;
            }
        }

        var ticks = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(7, '0')[..7], System.Globalization.CultureInfo.InvariantCulture);
        var time = new TimeOnly(hour, minute, second).Add(TimeSpan.FromTicks(ticks));
        var kind = !hasDate ? TomlValueKind.LocalTime : offset is null ? TomlValueKind.LocalDateTime : TomlValueKind.OffsetDateTime;
        value = new TomlDateTime(kind, hasDate ? new DateOnly(year, month, day) : null, time, fraction, offset);
        error = null;
        return true;
    }

    private static bool Number(ReadOnlySpan<char> s, int start, int length, out int value)
    {
        value = 0;
        if (start + length > s.Length)
        {
            return false;
        }

        for (var i = start; i < start + length; i++)
        {
            if (!CharClass.IsDigit(s[i]))
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        return true;
    }
}
