using System.Net.Sockets;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using NodeStorageAgent.Systemd;

namespace NodeStorageAgent.Logging;

/// <summary>
/// Serilog sink that writes each event as one native-protocol entry to journald's datagram socket (see
/// <see cref="JournalEntryRenderer"/> for the fields). Entries too large for a datagram (EMSGSIZE) go through a sealed
/// memfd (<see cref="JournalFdSender"/>), so nothing is truncated.
/// </summary>
/// <remarks>
/// Never throws into Serilog and never blocks the caller for long: a send waits at most <c>sendTimeout</c>; after a
/// timeout (journald wedged or flooded) the sink stops trying for <see cref="ShedPeriod"/> and hands events to
/// <c>fallback</c> (normally the stderr sink, which systemd also collects) instead. Undeliverable events always go to
/// <c>fallback</c> and are counted in <see cref="Undelivered"/>; the first failure of a run is written to SelfLog.
/// </remarks>
public sealed class JournaldSink : ILogEventSink, IDisposable
{
    public static readonly TimeSpan DefaultSendTimeout = TimeSpan.FromMilliseconds(200);

    public static readonly TimeSpan ShedPeriod = TimeSpan.FromSeconds(1);

    private readonly UnixDomainSocketEndPoint _endpoint;
    private readonly string _socketPath;
    private readonly string _identifier;
    private readonly bool _includeMessageTemplate;
    private readonly ILogEventSink? _fallback;
    private readonly TimeProvider _time;
    private readonly Socket _socket;
    private readonly Lock _gate = new();
    private long _shedUntil;
    private bool _failing;
    private long _undelivered;
    private long _viaMemfd;

    public JournaldSink(
        string socketPath = SystemdConstants.JournalSocketPath,
        string syslogIdentifier = JournalEntryRenderer.DefaultSyslogIdentifier,
        ILogEventSink? fallback = null,
        bool includeMessageTemplate = true,
        TimeSpan? sendTimeout = null,
        TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        ArgumentException.ThrowIfNullOrEmpty(syslogIdentifier);
        _socketPath = socketPath;
        _endpoint = new UnixDomainSocketEndPoint(socketPath);
        _identifier = syslogIdentifier;
        _fallback = fallback;
        _includeMessageTemplate = includeMessageTemplate;
        _time = time ?? TimeProvider.System;
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified)
        {
            SendTimeout = (int)(sendTimeout ?? DefaultSendTimeout).TotalMilliseconds,
        };
    }

    /// <summary>Events that did not reach journald (handed to the fallback sink, if any).</summary>
    public long Undelivered => Interlocked.Read(ref _undelivered);

    /// <summary>Events sent through the memfd path because they were too large for a datagram.</summary>
    public long SentViaMemfd => Interlocked.Read(ref _viaMemfd);

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var entry = JournalEntryRenderer.Render(logEvent, _identifier, _includeMessageTemplate);
        string? error;
        lock (_gate)
        {
            error = _time.GetTimestamp() < _shedUntil ? "shedding after a send timeout" : Send(entry);
            if (error is null && _failing)
            {
                _failing = false;
                SelfLog.WriteLine("journald sink: sending to {0} works again", _socketPath);
            }
            else if (error is not null && !_failing)
            {
                _failing = true;
                SelfLog.WriteLine("journald sink: sending to {0} failed: {1}; events go to the fallback", _socketPath, error);
            }
        }

        if (error is not null)
        {
            Interlocked.Increment(ref _undelivered);
            _fallback?.Emit(logEvent);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _socket.Dispose();
        }
    }

    private string? Send(byte[] entry)
    {
        try
        {
            _socket.SendTo(entry, SocketFlags.None, _endpoint);
            return null;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
        {
            var error = JournalFdSender.Send(_endpoint, entry);
            if (error is null)
            {
                Interlocked.Increment(ref _viaMemfd);
            }

            return error;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            _shedUntil = _time.GetTimestamp() + (long)(ShedPeriod.TotalSeconds * _time.TimestampFrequency);
            return $"send timed out ({e.SocketErrorCode})";
        }
        catch (SocketException e)
        {
            return $"{e.SocketErrorCode} (errno {e.ErrorCode}): {e.Message}";
        }
        catch (ObjectDisposedException)
        {
            return "sink disposed";
        }
    }
}
