using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NodeStorageAgent.Probing.Reporting;

/// <summary>Renders probe results for the <c>probe</c> verb and <c>status</c>: an aligned table or JSON.</summary>
public static class ProbeReportFormatter
{
    private static readonly string[] s_headers = ["KIND", "PATH", "STATUS", "REASON", "ELAPSED(ms)", "HINT"];

    public static string FormatTable(IReadOnlyList<StoreProbeResult> results)
    {
        var rows = results.Select(r => new[]
        {
            r.Store.Kind.ToString().ToLowerInvariant(),
            r.Store.Path,
            r.Health.ToString().ToLowerInvariant(),
            r.Errno is null ? Kebab(r.Reason) : $"{Kebab(r.Reason)} ({r.Errno})",
            Milliseconds(r),
            r.Hint,
        }).Prepend(s_headers).ToList();
        var widths = Enumerable.Range(0, s_headers.Length - 1).Select(c => rows.Max(row => row[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var c = 0; c < widths.Length; c++)
            {
                text.Append(row[c].PadRight(widths[c] + 2));
            }

            text.Append(row[^1]).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A JSON array, one object per store: kind, path, status, reason, errno, elapsedMs, hint, resolvedPath.</summary>
    public static string FormatJson(IReadOnlyList<StoreProbeResult> results)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var r in results)
            {
                json.WriteStartObject();
                json.WriteString("kind", r.Store.Kind.ToString().ToLowerInvariant());
                json.WriteString("path", r.Store.Path);
                json.WriteString("status", r.Health.ToString().ToLowerInvariant());
                json.WriteString("reason", Kebab(r.Reason));
                WriteNullable(json, "errno", r.Errno);
                json.WriteNumber("elapsedMs", Math.Round(r.Elapsed.TotalMilliseconds, 1));
                json.WriteString("hint", r.Hint);
                WriteNullable(json, "resolvedPath", r.ResolvedPath);
                json.WriteBoolean("safe", r.IsSafe);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary><c>DeadMount</c> → <c>dead-mount</c>.</summary>
    public static string Kebab(ProbeReason reason)
    {
        var name = reason.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    private static string Milliseconds(StoreProbeResult r) =>
        r.Elapsed.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
