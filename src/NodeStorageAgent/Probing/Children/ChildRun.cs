using System.Diagnostics;

namespace NodeStorageAgent.Probing.Children;

/// <summary>How a probe child process ended.</summary>
public sealed record ChildRun(ChildRunStatus Status, int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    /// <summary>Set when <see cref="Status"/> is <see cref="ChildRunStatus.Stuck"/> (the child survived SIGKILL: a FUSE
    /// daemon holds its request, docs/node-findings.md §1.2) or <see cref="ChildRunStatus.Overdue"/> (left running on
    /// purpose). Its owner polls <see cref="Process.HasExited"/> and disposes it once it is gone; nobody ever waits on
    /// it synchronously.</summary>
    public Process? StuckProcess { get; init; }
}

public enum ChildRunStatus
{
    /// <summary>Exited on its own.</summary>
    Exited,

    /// <summary>Timed out; SIGKILL freed it and it was reaped.</summary>
    TimedOut,

    /// <summary>Timed out and still alive after SIGKILL: stuck in the kernel.</summary>
    Stuck,

    /// <summary>Timed out and left running (not killed): the caller keeps it as the outstanding probe.</summary>
    Overdue,

    /// <summary>Could not be started.</summary>
    FailedToStart,
}
