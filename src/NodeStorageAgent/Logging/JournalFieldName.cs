using System.Text;

namespace NodeStorageAgent.Logging;

/// <summary>
/// Journal field names for Serilog properties: <c>StorePath</c> → <c>NSA_STORE_PATH</c>. journald accepts only
/// <c>[A-Z0-9_]</c>, not starting with <c>_</c> (trusted fields) or a digit, at most 64 characters
/// (systemd <c>journal_field_valid</c>); anything else is dropped by journald, silently.
/// </summary>
public static class JournalFieldName
{
    public const string Prefix = "NSA_";

    public const int MaxLength = 64;

    /// <summary>PascalCase/camelCase → UPPER_SNAKE with <see cref="Prefix"/>. <c>.</c>, <c>-</c>, <c>_</c> and spaces
    /// separate words; other characters (non-ASCII included) are dropped. Null when nothing usable is left.</summary>
    public static string? FromPropertyName(string propertyName)
    {
        ArgumentNullException.ThrowIfNull(propertyName);
        var name = new StringBuilder(Prefix, MaxLength + 8);
        for (var i = 0; i < propertyName.Length && name.Length < MaxLength; i++)
        {
            var c = propertyName[i];
            if (c is '_' or '-' or '.' or ' ')
            {
                AppendSeparator(name);
            }
            else if (char.IsAsciiLetterOrDigit(c))
            {
                if (char.IsAsciiLetterUpper(c) && StartsWord(propertyName, i))
                {
                    AppendSeparator(name);
                }

                name.Append(char.ToUpperInvariant(c));
            }
        }

        if (name.Length > MaxLength)
        {
            name.Length = MaxLength;
        }

        while (name[^1] == '_' && name.Length > Prefix.Length)
        {
            name.Length--;
        }

        return name.Length == Prefix.Length ? null : name.ToString();
    }

    /// <summary>systemd's rule for names a client may send.</summary>
    public static bool IsValid(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Length is 0 or > MaxLength || field[0] == '_' || char.IsAsciiDigit(field[0]))
        {
            return false;
        }

        foreach (var c in field)
        {
            if (!(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    // "StorePath": P starts a word after a lower-case letter or digit; "HTTPServer": S starts one before a lower-case
    // letter ("HTTP_SERVER").
    private static bool StartsWord(string s, int i)
    {
        if (i == 0)
        {
            return false;
        }

        var previous = s[i - 1];
        if (char.IsAsciiLetterLower(previous) || char.IsAsciiDigit(previous))
        {
            return true;
        }

        return char.IsAsciiLetterUpper(previous) && i + 1 < s.Length && char.IsAsciiLetterLower(s[i + 1]);
    }

    private static void AppendSeparator(StringBuilder name)
    {
        if (name[^1] != '_')
        {
            name.Append('_');
        }
    }
}
