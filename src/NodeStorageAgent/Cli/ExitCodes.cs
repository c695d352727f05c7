namespace NodeStorageAgent.Cli;

/// <summary>Exit codes shared by every verb.</summary>
internal static class ExitCodes
{
    /// <summary>Success; nothing to do; all healthy.</summary>
    public const int Ok = 0;

    /// <summary>Changes pending (<c>plan</c>), some store unhealthy (<c>probe</c>), degraded (<c>status</c>).</summary>
    public const int Pending = 1;

    /// <summary>Invalid input (desired state, config file, command line).</summary>
    public const int Invalid = 2;

    /// <summary>Apply failed, or (<c>status</c>) the agent is not running.</summary>
    public const int Failed = 3;
}
