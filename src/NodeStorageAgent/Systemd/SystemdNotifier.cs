using System.Net.Sockets;
using Serilog;

namespace NodeStorageAgent.Systemd;

/// <summary>
/// Speaks sd_notify(3): one <c>AF_UNIX</c>/<c>SOCK_DGRAM</c> datagram per <see cref="Notify"/> to the address in
/// <c>NOTIFY_SOCKET</c>, read once at construction. A leading <c>@</c> names an abstract socket.
/// </summary>
/// <remarks>
/// A fresh socket per message, like sd_notify itself: nothing to reconnect after systemd re-executes, and the
/// messages are rare. The send is blocking but bounded by <see cref="SendTimeout"/>; systemd reads its notify socket
/// promptly and forces a large receive buffer, so the bound only matters when PID 1 is wedged.
/// A failed send returns false and is logged once per run of failures (as a warning, with the socket error and the
/// address), then again when sending works again, so a broken socket cannot flood the log at every watchdog ping.
/// </remarks>
public sealed class SystemdNotifier : ISystemdNotifier
{
    internal static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(2);

    private readonly UnixDomainSocketEndPoint? _endpoint;
    private readonly string _address;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private bool _failing;

    /// <summary>For tests and for <see cref="FromEnvironment"/>: <paramref name="notifySocket"/> is the raw
    /// <c>NOTIFY_SOCKET</c> value (null or empty disables the notifier).</summary>
    internal SystemdNotifier(string? notifySocket, ILogger log)
    {
        _log = log;
        _address = notifySocket ?? "";
        _endpoint = ParseAddress(_address, log);
    }

    public bool IsEnabled => _endpoint is not null;

    /// <summary>The <c>NOTIFY_SOCKET</c> value this notifier sends to ("" when disabled).</summary>
    public string Address => IsEnabled ? _address : "";

    /// <summary>Reads <c>NOTIFY_SOCKET</c> from <paramref name="environment"/>. Does not remove it; use
    /// <see cref="SystemdEnvironment.Capture"/> for that.</summary>
    public static SystemdNotifier FromEnvironment(IProcessEnvironment environment, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(log);
        return new SystemdNotifier(environment.Get(SystemdConstants.NotifySocket), log);
    }

    public bool Notify(ServiceState state)
    {
        if (_endpoint is null || state.IsEmpty)
        {
            return false;
        }

        var error = Send(state.ToBytes());
        lock (_gate)
        {
            if (error is null && _failing)
            {
                _failing = false;
                _log.Information("sd_notify to {NotifySocket} works again", _address);
            }
            else if (error is not null && !_failing)
            {
                _failing = true;
                _log.Warning("sd_notify to {NotifySocket} failed: {SocketError}; state {NotifyState} was not delivered",
                    _address, error, state.Payload.Replace('\n', ' '));
            }
        }

        return error is null;
    }

    private string? Send(byte[] payload)
    {
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.SendTimeout = (int)SendTimeout.TotalMilliseconds;
            var sent = socket.SendTo(payload, SocketFlags.None, _endpoint!);
            return sent == payload.Length ? null : $"short send ({sent} of {payload.Length} bytes)";
        }
        catch (SocketException e)
        {
            return $"{e.SocketErrorCode} (errno {e.ErrorCode}): {e.Message}";
        }
    }

    private static UnixDomainSocketEndPoint? ParseAddress(string address, ILogger log)
    {
        if (address.Length == 0)
        {
            return null;
        }

        // sd_notify(3): "@" starts an abstract-namespace address (a leading NUL byte on the wire). Other forms
        // (vsock:, relative paths) are not ours to support.
        if (address[0] is not ('/' or '@'))
        {
            log.Warning("NOTIFY_SOCKET={NotifySocket} is not an absolute path or @abstract name; sd_notify disabled", address);
            return null;
        }

        var path = address[0] == '@' ? "\0" + address[1..] : address;
        try
        {
            return new UnixDomainSocketEndPoint(path);
        }
        catch (ArgumentException e)
        {
            log.Warning("NOTIFY_SOCKET={NotifySocket} is not a valid unix socket address ({Reason}); sd_notify disabled",
                address, e.Message);
            return null;
        }
    }
}
