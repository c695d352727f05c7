using Mono.Unix.Native;

namespace NodeStorageAgent.Probing.Observation;

/// <summary>
/// Maps C-locale <c>strerror</c> texts (what coreutils/findutils print under <c>LC_ALL=C</c>) back to errno names.
/// The table is built from this process's own libc, so it matches the tools' libc message for message.
/// </summary>
public static class ErrnoNames
{
    private static readonly Lazy<Dictionary<string, string>> s_byMessage = new(Build);

    /// <summary>The errno name for a message such as "Transport endpoint is not connected", or null.</summary>
    public static string? FromMessage(string message) =>
        s_byMessage.Value.TryGetValue(message.Trim(), out var name) ? name : null;

    private static Dictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var errno in Enum.GetValues<Errno>())
        {
            if (Message(errno) is { } text && !text.StartsWith("Unknown error", StringComparison.Ordinal))
            {
                map.TryAdd(text, errno.ToString());
            }
        }

        return map;
    }

    /// <summary>libc's message; .NET never calls setlocale(), so libc answers in the C locale. Null for errno names
    /// that do not exist on this platform (Mono.Posix throws ArgumentException for those, e.g. EPROCLIM).</summary>
    private static string? Message(Errno errno)
    {
        try
        {
            return Stdlib.strerror(errno);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
