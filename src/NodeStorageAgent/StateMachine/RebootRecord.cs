namespace NodeStorageAgent.StateMachine;

/// <summary>We asked for a reboot to activate <paramref name="Digest"/> while the kernel's boot id was
/// <paramref name="BootId"/> (<c>/proc/sys/kernel/random/boot_id</c>, new on every boot).</summary>
public sealed record RebootRecord(string Digest, string BootId, DateTimeOffset RequestedUtc);
