namespace NodeStorageAgent.Processes;

/// <summary>What to do with a child that is still running when its timeout expires.</summary>
public enum OnTimeout
{
    /// <summary>SIGTERM, then SIGKILL (the whole process tree) after the grace period.</summary>
    Stop,

    /// <summary>Leave it running and hand it back (<see cref="ChildRunStatus.Overdue"/>): a probe stuck on a hung
    /// FUSE mount stays the store's one outstanding probe instead of a new one every round.</summary>
    KeepRunning,
}

/// <summary>A short-lived program to run.</summary>
/// <param name="FileName">A path, or a bare name looked up on <see cref="ChildProcessRunner.SafePath"/>.</param>
/// <param name="Timeout">After this the child is stopped (or kept running, by <paramref name="OnTimeout"/>).</param>
/// <param name="KillGrace">Between SIGTERM and SIGKILL, and then how long to wait for the child to go.</param>
public sealed record ChildRequest(string FileName, IReadOnlyList<string> Arguments, TimeSpan Timeout, TimeSpan KillGrace, OnTimeout OnTimeout = OnTimeout.Stop)
{
    public override string ToString() => Arguments.Count == 0 ? FileName : $"{FileName} {string.Join(' ', Arguments)}";
}
