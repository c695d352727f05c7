namespace NodeStorageAgent.Activation;

public sealed record CrioActivatorOptions
{
    public string Unit { get; init; } = "crio.service";

    /// <summary>How long CRI-O may take to become active after a restart. systemd does not time its start out
    /// (<c>TimeoutStartSec=0</c>, docs/upstream.md §6), so this bound is ours.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);
}
