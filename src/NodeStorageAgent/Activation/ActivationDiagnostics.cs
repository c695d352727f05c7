namespace NodeStorageAgent.Activation;

/// <summary>The NSA45xx codes for activating a configuration.</summary>
public static class ActivationDiagnostics
{
    public const string SystemctlFailed = "NSA4501";
    public const string StartTimedOut = "NSA4502";
    public const string StartFailed = "NSA4503";
    public const string NoLastKnownGood = "NSA4504";
    public const string RollbackRestartFailed = "NSA4505";
    public const string SnapshotFailed = "NSA4506";
    public const string BootIdUnreadable = "NSA4510";
    public const string RebootSuppressed = "NSA4511";
    public const string RebootNotPersisted = "NSA4512";
    public const string RebootFailed = "NSA4513";
}
