using System.Globalization;
using System.Text;

namespace NodeStorageAgent.Probing.Mounts;

/// <summary>
/// Parses <c>/proc/[pid]/mountinfo</c> (proc(5)):
/// <c>36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue</c>.
/// Fields are space-separated; the kernel escapes space, tab, newline and backslash in paths as
/// <c>\040 \011 \012 \134</c>. Zero or more optional fields precede the <c>-</c> separator.
/// </summary>
public static class MountInfoParser
{
    /// <summary>Parses every well-formed line; malformed lines are skipped (a kernel we do not understand must not
    /// make the agent blind to the lines it does).</summary>
    public static MountTable Parse(string text)
    {
        var entries = new List<MountInfoEntry>();
        foreach (var line in text.Split('\n'))
        {
            if (TryParseLine(line, out var entry))
            {
                entries.Add(entry);
            }
        }

        return new MountTable(entries);
    }

    public static bool TryParseLine(string line, out MountInfoEntry entry)
    {
        entry = null!;
        var fields = line.TrimEnd('\r').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var separator = fields.Length < 10 ? -1 : Array.IndexOf(fields, "-", 6);
        if (separator < 0 || fields.Length < separator + 4)
        {
            return false;
        }

        if (!int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            || !TryParseDevice(fields[2], out var major, out var minor))
        {
            return false;
        }

        entry = new MountInfoEntry(
            id,
            parent,
            major,
            minor,
            Unescape(fields[3]),
            Unescape(fields[4]),
            fields[5],
            fields[6..separator],
            Unescape(fields[separator + 1]),
            Unescape(fields[separator + 2]),
            fields[separator + 3]);
        return true;
    }

    /// <summary>Decodes the kernel's <c>\ooo</c> octal escapes (seq_file <c>mangle_path</c>).</summary>
    public static string Unescape(string field)
    {
        if (!field.Contains('\\'))
        {
            return field;
        }

        var bytes = new List<byte>(field.Length);
        var raw = Encoding.UTF8.GetBytes(field);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\' && IsOctal(raw, i + 1))
            {
                bytes.Add((byte)(((raw[i + 1] - '0') << 6) | ((raw[i + 2] - '0') << 3) | (raw[i + 3] - '0')));
                i += 3;
            }
            else
            {
                bytes.Add(raw[i]);
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(byte[] raw, int start) =>
        start + 2 < raw.Length
        && raw[start] is >= (byte)'0' and <= (byte)'3'
        && raw[start + 1] is >= (byte)'0' and <= (byte)'7'
        && raw[start + 2] is >= (byte)'0' and <= (byte)'7';

    private static bool TryParseDevice(string field, out int major, out int minor)
    {
        major = minor = 0;
        var colon = field.IndexOf(':');
        return colon > 0
            && int.TryParse(field.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out major)
            && int.TryParse(field.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out minor);
    }
}
