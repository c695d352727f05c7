using System.Text;

namespace NodeStorageAgent.Tests.Fuzzing;

/// <summary>
/// Deterministic mutations of valid desired-state files: bit flips, random bytes, truncation, spliced TOML tokens,
/// duplicated ranges, huge values (paths, strings, integers, entry counts) and deep nesting (arrays, inline tables,
/// dotted keys, table headers). Seeded, so a failure names a reproducible case number.
/// </summary>
internal sealed class DesiredStateMutator(int seed)
{
    public static readonly string[] Seeds =
    [
        "[[additionalImageStores]]\npath = \"/mnt/images\"\n\n[[additionalArtifactStores]]\npath = \"/mnt/artifacts\"\n",
        "# stores for this pool\n[[additionalLayerStores]]\npath = \"/var/lib/stargz-store\"\n\n[[additionalImageStores]]\npath = \"/mnt/nfs-images\"\n\n[[additionalImageStores]]\npath = \"/mnt/ssd-images\"\n\n[apply]\naction = \"none\"\n",
        "additionalImageStores = [{ path = \"/mnt/a\" }, { path = \"/mnt/b\" }]\nadditionalArtifactStores = [ { path = '/mnt/c' } ] # inline\n",
        "[apply]\naction = \"restart\"\n",
        "",
        "additionalLayerStores = [\n  { path = \"/var/lib/layers\" },\n]\n[apply]\naction = \"reboot\"\n",
    ];

    private static readonly string[] s_tokens =
    [
        "[", "]", "[[", "]]", "{", "}", "=", ".", ",", "\"", "'", "\"\"\"", "'''", "#", "\n", "\r\n", "\t", " ", "\\", "\\u00", "\\U0010FFFF",
        "0x", "0o7", "1e999", "-0", "inf", "nan", "true", "1979-05-27T07:32:00Z", "\0", "path", "apply", "action",
        "additionalImageStores", "additionalLayerStores", "additionalArtifactStores", "/..", "//", "/proc", "/var/lib/containers/storage", ":ref", "é", "\uFEFF",
    ];

    private readonly Random _random = new(seed);

    public byte[] Next()
    {
        var bytes = Encoding.UTF8.GetBytes(Seeds[_random.Next(Seeds.Length)]).ToList();
        var count = 1 + _random.Next(4);
        for (var i = 0; i < count; i++)
        {
            Mutate(bytes);
        }

        return [.. bytes];
    }

    private void Mutate(List<byte> b)
    {
        var at = b.Count == 0 ? 0 : _random.Next(b.Count + 1);
        switch (_random.Next(12))
        {
            case 0 when b.Count > 0:
                b[Math.Min(at, b.Count - 1)] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when b.Count > 0:
                b[Math.Min(at, b.Count - 1)] = (byte)_random.Next(256);
                break;
            case 2:
                b.InsertRange(at, Enumerable.Range(0, 1 + _random.Next(8)).Select(_ => (byte)_random.Next(256)));
                break;
            case 3:
                b.RemoveRange(at, b.Count - at); // truncation
                break;
            case 4 when b.Count > 0:
                var start = _random.Next(b.Count);
                b.RemoveRange(start, Math.Min(b.Count - start, 1 + _random.Next(16)));
                break;
            case 5:
            case 6:
                b.InsertRange(at, Encoding.UTF8.GetBytes(s_tokens[_random.Next(s_tokens.Length)]));
                break;
            case 7 when b.Count > 0:
                var from = _random.Next(b.Count);
                var length = Math.Min(b.Count - from, 1 + _random.Next(64));
                b.InsertRange(at, b.GetRange(from, length));
                break;
            case 8:
                b.InsertRange(at, Encoding.UTF8.GetBytes(HugeValue()));
                break;
            case 9:
                b.InsertRange(at, Encoding.UTF8.GetBytes(DeepNesting()));
                break;
            case 10:
                b.AddRange(Encoding.UTF8.GetBytes(ManyEntries()));
                break;
            default:
                b.Insert(at, (byte)"\"'[]{}=.,#\n\\"[_random.Next(12)]);
                break;
        }
    }

    /// <summary>Mostly just over a limit; rarely huge (each huge case costs milliseconds, and there are 10 000).</summary>
    private int Size() => _random.Next(100) switch
    {
        < 45 => 257,
        < 90 => 4_096,
        < 98 => 100_000,
        _ => 1_100_000, // beyond the 1 MiB file limit
    };

    private string HugeValue() => _random.Next(4) switch
    {
        0 => $"\n[[additionalImageStores]]\npath = \"/{new string('a', Size())}\"\n",
        1 => $"\nx = \"{new string('\\', 2 * (Size() / 2))}\"\n",
        2 => $"\nn = {new string('9', Size())}\n",
        _ => $"\n[[additionalLayerStores]]\npath = '''{new string('\n', Size() / 100)}'''\n",
    };

    private string DeepNesting()
    {
        var depth = _random.Next(100) switch { < 40 => 100, < 80 => 300, < 97 => 5_000, _ => 100_000 };
        return _random.Next(4) switch
        {
            0 => $"\na = {new string('[', depth)}{new string(']', depth)}\n",
            1 => "\na = " + string.Concat(Enumerable.Repeat("{ b = ", depth)) + "1" + new string('}', depth) + "\n",
            2 => "\n" + string.Join('.', Enumerable.Repeat("k", depth)) + " = 1\n",
            _ => "\n[" + string.Join('.', Enumerable.Repeat("t", depth)) + "]\n",
        };
    }

    private string ManyEntries()
    {
        var count = _random.Next(10) == 0 ? 2_000 : 11;
        var kind = _random.Next(3) switch { 0 => "additionalLayerStores", 1 => "additionalImageStores", _ => "additionalArtifactStores" };
        return string.Concat(Enumerable.Range(0, count).Select(i => $"\n[[{kind}]]\npath = \"/mnt/s{i % 7}\"\n"));
    }
}
