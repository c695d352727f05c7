using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Hosting.Systemd;

namespace NodeStorageAgent.Systemd;

/// <summary>
/// The sd_notify(3) assignments the agent sends beyond the package's <see cref="ServiceState.Ready"/> and
/// <see cref="ServiceState.Stopping"/>, as the package's <see cref="ServiceState"/>. One datagram holds
/// newline-separated <c>KEY=VALUE</c> assignments that systemd applies together (<see cref="Combine"/>).
/// </summary>
public static class NotifyMessages
{
    /// <summary>STATUS texts longer than this are cut (the journal and <c>systemctl status</c> show one line).</summary>
    public const int MaxStatusLength = 512;

    internal const string StatusPrefix = "STATUS=";

    /// <summary><c>WATCHDOG=1</c>: keep-alive ping.</summary>
    public static ServiceState Watchdog { get; } = new("WATCHDOG=1");

    /// <summary><c>STATUS=…</c>. Line breaks and other control characters become spaces (an assignment ends at a
    /// newline); text beyond <see cref="MaxStatusLength"/> characters is cut and marked with "…".</summary>
    public static ServiceState Status(string oneLine)
    {
        ArgumentNullException.ThrowIfNull(oneLine);
        return new(StatusPrefix + ToOneLine(oneLine));
    }

    /// <summary><c>EXTEND_TIMEOUT_USEC=…</c>: the running start/stop timeout now ends <paramref name="by"/> from now.</summary>
    public static ServiceState ExtendTimeout(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(by, TimeSpan.Zero);
        return new("EXTEND_TIMEOUT_USEC=" + ToMicroseconds(by).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Several states in one datagram (systemd applies them together); empty ones are left out.</summary>
    public static ServiceState Combine(params ReadOnlySpan<ServiceState> states)
    {
        var parts = new List<string>(states.Length);
        foreach (var state in states)
        {
            if (state.ToString() is { Length: > 0 } text)
            {
                parts.Add(text);
            }
        }

        return new(string.Join('\n', parts));
    }

    internal static long ToMicroseconds(TimeSpan span) => span.Ticks / (TimeSpan.TicksPerMillisecond / 1000);

    private static string ToOneLine(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxStatusLength + 1));
        foreach (var c in text)
        {
            if (builder.Length == MaxStatusLength)
            {
                if (char.IsHighSurrogate(builder[^1]))
                {
                    builder.Length--; // never cut a character in half
                }

                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        Debug.Assert(builder.Length <= MaxStatusLength + 1);
        return builder.ToString();
    }
}
