namespace NodeStorageAgent.Toml.Text;

internal static class CharClass
{
    public static bool IsBareKeyChar(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';

    public static bool IsBareValueChar(char c) =>
        IsBareKeyChar(c) || c is '+' or '.' or ':';

    public static bool IsDigit(char c) => c is >= '0' and <= '9';

    public static bool IsHexDigit(char c) => char.IsAsciiHexDigit(c);

    /// <summary>Control characters TOML forbids in comments and strings (everything below U+0020 but tab, and DEL).</summary>
    public static bool IsForbiddenControl(char c) => (c < 0x20 && c != '\t') || c == 0x7F;

    public static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
