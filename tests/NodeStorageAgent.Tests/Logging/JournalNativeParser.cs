using System.Buffers.Binary;
using System.Text;

namespace NodeStorageAgent.Tests.Logging;

/// <summary>
/// Strict decoder of the native journal protocol (https://systemd.io/JOURNAL_NATIVE_PROTOCOL/), written from the
/// spec to check our encoder: every field is <c>NAME=value\n</c> or <c>NAME\n&lt;u64 LE length&gt;value\n</c>; names
/// are [A-Z0-9_], ≤ 64, not starting with '_' or a digit; nothing may follow the last field; values are UTF-8.
/// </summary>
internal static class JournalNativeParser
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(ReadOnlySpan<byte> entry)
    {
        var fields = new List<KeyValuePair<string, string>>();
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        while (!entry.IsEmpty)
        {
            var end = entry.IndexOfAny((byte)'=', (byte)'\n');
            if (end <= 0)
            {
                throw new FormatException($"field without a name or terminator at: {Preview(entry)}");
            }

            var name = Encoding.ASCII.GetString(entry[..end]);
            if (!IsValidName(name))
            {
                throw new FormatException($"invalid field name '{name}'");
            }

            string value;
            if (entry[end] == (byte)'=')
            {
                var rest = entry[(end + 1)..];
                var newline = rest.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    throw new FormatException($"field {name} is not terminated by a newline");
                }

                value = utf8.GetString(rest[..newline]);
                entry = rest[(newline + 1)..];
            }
            else
            {
                var rest = entry[(end + 1)..];
                if (rest.Length < sizeof(ulong))
                {
                    throw new FormatException($"binary field {name} lacks its length");
                }

                var length = BinaryPrimitives.ReadUInt64LittleEndian(rest);
                rest = rest[sizeof(ulong)..];
                if ((ulong)rest.Length < length + 1)
                {
                    throw new FormatException($"binary field {name} claims {length} bytes, {rest.Length} remain");
                }

                if (rest[(int)length] != (byte)'\n')
                {
                    throw new FormatException($"binary field {name} is not followed by a newline");
                }

                value = utf8.GetString(rest[..(int)length]);
                entry = rest[((int)length + 1)..];
            }

            fields.Add(new(name, value));
        }

        return fields;
    }

    /// <summary>The single value of <paramref name="name"/>; fails when absent or repeated.</summary>
    public static string Single(this IReadOnlyList<KeyValuePair<string, string>> fields, string name) =>
        Assert.Single(fields, f => f.Key == name).Value;

    private static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name[0] != '_' && !char.IsAsciiDigit(name[0])
        && name.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_');

    private static string Preview(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 40)]);
}
