namespace NodeStorageAgent.Toml.Parsing;

/// <summary>Decides what an unquoted value is (boolean, integer, float, date/time) and validates it.</summary>
internal static class ScalarClassifier
{
    public static TomlValueKind Classify(ReadOnlySpan<char> text, out string? error)
    {
        error = null;
        if (text is "true" or "false")
        {
            return TomlValueKind.Boolean;
        }

        if (DateTimeDecoder.LooksLikeDateTime(text))
        {
            DateTimeDecoder.TryDecode(text, out var value, out error);
            return value?.Kind ?? TomlValueKind.LocalDateTime;
        }

        if (IsFloat(text))
        {
            FloatDecoder.TryDecode(text, out _, out error);
            return TomlValueKind.Float;
        }

        if (!IntegerDecoder.TryDecode(text, out _, out error) && error == "invalid integer")
        {
            error = $"invalid value '{(text.Length <= 30 ? text.ToString() : text[..30].ToString() + "…")}' (strings must be quoted)";
        }

        return TomlValueKind.Integer;
    }

    private static bool IsFloat(ReadOnlySpan<char> text)
    {
        if (text.Length > 1 && text[0] == '0' && text[1] is 'x' or 'o' or 'b')
        {
            return false;
        }

        var body = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        return body is "inf" or "nan" || text.IndexOfAny(".eE") >= 0;
    }
}
