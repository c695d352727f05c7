namespace NodeStorageAgent.Systemd;

/// <summary>
/// Keeps <c>systemctl status</c>'s "Status:" line current, e.g.
/// "3/4 stores healthy; generation 7 applied; crio restarted 14:02". Sends only when the text changes.
/// </summary>
public sealed class StatusNotifier(AgentNotifier notifier)
{
    private readonly Lock _gate = new();
    private string? _lastSent;

    /// <summary>The last status systemd received, or null.</summary>
    public string? Current
    {
        get
        {
            lock (_gate)
            {
                return _lastSent?[NotifyMessages.StatusPrefix.Length..];
            }
        }
    }

    /// <summary>Sends <c>STATUS=<paramref name="oneLine"/></c> unless systemd already has this text. Returns true when
    /// a datagram was delivered. A failed send is not remembered, so the next update retries.</summary>
    public bool Update(string oneLine)
    {
        var state = NotifyMessages.Status(oneLine);
        var text = state.ToString();
        lock (_gate)
        {
            if (text == _lastSent || !notifier.TrySend(state))
            {
                return false;
            }

            _lastSent = text;
            return true;
        }
    }
}
