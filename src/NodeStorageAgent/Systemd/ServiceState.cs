using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NodeStorageAgent.Systemd;

/// <summary>
/// One sd_notify payload: newline-separated <c>KEY=VALUE</c> assignments (sd_notify(3)). Several states combine into
/// one datagram with <see cref="And"/> or <see cref="Combine"/>, e.g. <c>Ready.And(Status("3/4 stores healthy"))</c>.
/// </summary>
public readonly struct ServiceState : IEquatable<ServiceState>
{
    /// <summary>STATUS texts longer than this are cut (the journal and <c>systemctl status</c> show one line).</summary>
    public const int MaxStatusLength = 512;

    private readonly string? _payload;

    private ServiceState(string payload) => _payload = payload;

    /// <summary><c>READY=1</c>: start-up finished (for us: desired state parsed and the first probe done).</summary>
    public static ServiceState Ready { get; } = new("READY=1");

    /// <summary><c>STOPPING=1</c>: shutdown began.</summary>
    public static ServiceState Stopping { get; } = new("STOPPING=1");

    /// <summary><c>WATCHDOG=1</c>: keep-alive ping.</summary>
    public static ServiceState Watchdog { get; } = new("WATCHDOG=1");

    /// <summary>The UTF-8 text that goes on the wire.</summary>
    public string Payload => _payload ?? "";

    public bool IsEmpty => string.IsNullOrEmpty(_payload);

    /// <summary><c>RELOADING=1</c> with the <c>MONOTONIC_USEC</c> systemd ≥ 253 requires for <c>Type=notify-reload</c>.
    /// <paramref name="time"/>'s timestamp is CLOCK_MONOTONIC for <see cref="TimeProvider.System"/> on Linux.</summary>
    public static ServiceState Reloading(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var usec = (long)(time.GetTimestamp() / (time.TimestampFrequency / 1_000_000.0));
        return new($"RELOADING=1\nMONOTONIC_USEC={usec.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary><c>STATUS=…</c>. Line breaks and other control characters become spaces (an assignment ends at a
    /// newline); text beyond <see cref="MaxStatusLength"/> characters is cut and marked with "…".</summary>
    public static ServiceState Status(string oneLine)
    {
        ArgumentNullException.ThrowIfNull(oneLine);
        return new("STATUS=" + ToOneLine(oneLine));
    }

    /// <summary><c>EXTEND_TIMEOUT_USEC=…</c>: the running start/stop timeout now ends <paramref name="by"/> from now.</summary>
    public static ServiceState ExtendTimeout(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(by, TimeSpan.Zero);
        return new("EXTEND_TIMEOUT_USEC=" + ToMicroseconds(by).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary><c>MAINPID=…</c>: the service's main process is <paramref name="pid"/>.</summary>
    public static ServiceState MainPid(int pid)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pid, 0);
        return new("MAINPID=" + pid.ToString(CultureInfo.InvariantCulture));
    }

    public static ServiceState Combine(params ReadOnlySpan<ServiceState> states)
    {
        var result = default(ServiceState);
        foreach (var state in states)
        {
            result = result.And(state);
        }

        return result;
    }

    /// <summary>This state and <paramref name="other"/> in one datagram (systemd applies them together).</summary>
    public ServiceState And(ServiceState other) =>
        IsEmpty ? other : other.IsEmpty ? this : new(_payload + "\n" + other._payload);

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(Payload);

    public override string ToString() => Payload;

    public bool Equals(ServiceState other) => Payload == other.Payload;

    public override bool Equals(object? obj) => obj is ServiceState other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Payload);

    public static bool operator ==(ServiceState left, ServiceState right) => left.Equals(right);

    public static bool operator !=(ServiceState left, ServiceState right) => !left.Equals(right);

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
