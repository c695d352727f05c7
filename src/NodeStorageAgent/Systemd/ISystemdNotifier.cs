namespace NodeStorageAgent.Systemd;

/// <summary>
/// Tells the service manager about state changes (sd_notify(3)). The seam between the agent and systemd: a package
/// (Microsoft.Extensions.Hosting.Systemd) or a fake can stand in.
/// </summary>
public interface ISystemdNotifier
{
    /// <summary>True when <c>NOTIFY_SOCKET</c> named a usable address; when false <see cref="Notify"/> does nothing.</summary>
    bool IsEnabled { get; }

    /// <summary>Sends <paramref name="state"/> as one datagram. Returns false when disabled or when the send failed
    /// (the failure is logged by the notifier). Never throws for a runtime failure.</summary>
    bool Notify(ServiceState state);
}
