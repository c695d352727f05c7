using System.Text;
using NodeStorageAgent.Toml.Text;

namespace NodeStorageAgent.Toml;

/// <summary>Writes keys and basic strings with minimal, correct escaping.</summary>
internal static class TomlKeyFormatter
{
    public static string FormatKey(string key)
    {
        if (key.Length > 0 && key.All(CharClass.IsBareKeyChar))
        {
            return key;
        }

        return FormatBasicString(key);
    }

    public static string FormatPath(IEnumerable<string> parts) => string.Join('.', parts.Select(FormatKey));

    /// <summary>A basic string: <c>"</c> and <c>\</c> escaped, control characters as <c>\n</c>-style or <c>\uXXXX</c>.</summary>
    public static string FormatBasicString(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\t': sb.Append("\\t"); break;
                case '\n': sb.Append("\\n"); break;
                case '\f': sb.Append("\\f"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (CharClass.IsForbiddenControl(c))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
