using System.Net.Sockets;
using Microsoft.Extensions.Hosting.Systemd;
using Serilog;

namespace NodeStorageAgent.Systemd;

/// <summary>
/// The one path from the agent to systemd's notify socket, in front of the package's notifier
/// (Microsoft.Extensions.Hosting.Systemd's <see cref="SystemdNotifier"/>, which sends the datagram). It is also what
/// the host's <see cref="SystemdLifetime"/> sends READY/STOPPING through, and adds what the package lacks:
/// <list type="bullet">
/// <item>a failed send never throws (the package's <c>Notify</c> lets a <see cref="SocketException"/> escape, which
/// would end a watchdog timer callback or the host's start); it is logged once per run of failures, then again when
/// sending works again, so a broken socket cannot flood the log at every watchdog ping;</item>
/// <item><c>READY=1</c> carries the last <c>STATUS=</c> in the same datagram, so <c>systemctl status</c> never shows
/// "active" with a stale status line;</item>
/// <item>nothing is sent after <c>STOPPING=1</c>: a watchdog ping or a status update racing the shutdown would
/// otherwise follow it.</item>
/// </list>
/// </summary>
public sealed class AgentNotifier : ISystemdNotifier
{
    private const string ReadyPayload = "READY=1";
    private const string StoppingPayload = "STOPPING=1";

    private readonly ISystemdNotifier _inner;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private string? _lastStatus;
    private bool _stopping;
    private bool _failing;
    private readonly TaskCompletionSource _readySent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AgentNotifier(ISystemdNotifier inner, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(log);
        (_inner, _log) = (inner, log);
    }

    /// <summary>A notifier that sends nothing (one-shot verbs, and a daemon started without <c>NOTIFY_SOCKET</c>).</summary>
    public static AgentNotifier Disabled(ILogger log) => new(DisabledNotifier.Instance, log);

    public bool IsEnabled => _inner.IsEnabled;

    /// <summary>Completes once READY=1 went out (delivered or not); never when the notifier is disabled.</summary>
    public Task ReadySent => _readySent.Task;

    /// <summary>For the host's lifetime: same as <see cref="TrySend"/>, without the answer.</summary>
    public void Notify(ServiceState state) => TrySend(state);

    /// <summary>Sends <paramref name="state"/> as one datagram. Returns false when disabled, after STOPPING=1, or when
    /// the send failed.</summary>
    public bool TrySend(ServiceState state)
    {
        var payload = state.ToString();
        lock (_gate)
        {
            if (!_inner.IsEnabled || _stopping || payload.Length == 0)
            {
                return false;
            }

            var lines = payload.Split('\n');
            if (lines.Contains(ReadyPayload) && _lastStatus is { } status && !lines.Any(l => l.StartsWith(NotifyMessages.StatusPrefix, StringComparison.Ordinal)))
            {
                payload += "\n" + NotifyMessages.StatusPrefix + status;
            }

            var error = Send(new ServiceState(payload));
            if (error is null)
            {
                if (lines.FirstOrDefault(l => l.StartsWith(NotifyMessages.StatusPrefix, StringComparison.Ordinal)) is { } sent)
                {
                    _lastStatus = sent[NotifyMessages.StatusPrefix.Length..];
                }

                _stopping |= lines.Contains(StoppingPayload);
            }

            ReportTransition(error, payload);
            if (lines.Contains(ReadyPayload))
            {
                _readySent.TrySetResult();
            }

            return error is null;
        }
    }

    private string? Send(ServiceState state)
    {
        try
        {
            _inner.Notify(state);
            return null;
        }
        catch (SocketException e)
        {
            return $"{e.SocketErrorCode} (errno {e.ErrorCode}): {e.Message}";
        }
        catch (Exception e) when (e is IOException or ArgumentException or ObjectDisposedException)
        {
            // ArgumentException: a NOTIFY_SOCKET the endpoint cannot represent (too long, relative, vsock:).
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    private void ReportTransition(string? error, string payload)
    {
        if (error is null && _failing)
        {
            _failing = false;
            _log.Information("sd_notify works again");
        }
        else if (error is not null && !_failing)
        {
            _failing = true;
            _log.Warning("sd_notify to NOTIFY_SOCKET failed: {SocketError}; state {NotifyState} was not delivered",
                error, payload.Replace('\n', ' '));
        }
    }

    private sealed class DisabledNotifier : ISystemdNotifier
    {
        public static readonly DisabledNotifier Instance = new();

        public bool IsEnabled => false;

        public void Notify(ServiceState state)
        {
        }
    }
}
