using System.Diagnostics;

namespace NodeStorageAgent.Processes;

public enum ChildRunStatus
{
    /// <summary>Exited on its own.</summary>
    Exited,

    /// <summary>Timed out and was stopped (SIGTERM, or SIGKILL after the grace period) and reaped.</summary>
    TimedOut,

    /// <summary>Timed out and still alive after SIGKILL: stuck in the kernel (a FUSE daemon holds its request).</summary>
    Stuck,

    /// <summary>Timed out and left running on purpose (<see cref="OnTimeout.KeepRunning"/>).</summary>
    Overdue,

    /// <summary>Could not be started.</summary>
    FailedToStart,
}

/// <summary>How a child ended. Never an exception: a non-zero exit, a timeout and a failure to start are all values.</summary>
/// <param name="ExitCode">Null unless <see cref="ChildRunStatus.Exited"/> or a stopped child's exit status.</param>
/// <param name="Killed">SIGKILL was needed (SIGTERM was ignored for the whole grace period).</param>
/// <param name="StartError">Why it could not be started, else null.</param>
public sealed record ChildRun(ChildRunStatus Status, int? ExitCode, bool Killed, string Stdout, string Stderr, TimeSpan Elapsed, string? StartError = null)
{
    /// <summary>Set for <see cref="ChildRunStatus.Stuck"/> and <see cref="ChildRunStatus.Overdue"/>: its owner polls
    /// <see cref="Process.HasExited"/> and disposes it once it is gone; nobody ever waits on it synchronously.</summary>
    public Process? StuckProcess { get; init; }

    public bool TimedOut => Status is ChildRunStatus.TimedOut or ChildRunStatus.Stuck or ChildRunStatus.Overdue;
}
