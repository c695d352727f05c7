namespace NodeStorageAgent.StateMachine;

public enum ActivationKind
{
    /// <summary>CRI-O is being restarted onto <see cref="PendingActivation.Digest"/>.</summary>
    Restart,

    /// <summary>The new configuration failed; the last-known-good is being written back and CRI-O restarted onto it.</summary>
    Rollback,

    /// <summary>The admin asked for a rollback: the last-known-good is written back, and CRI-O restarted when it runs.</summary>
    AskedRollback,
}

/// <summary>An activation the agent started and has not seen finish.</summary>
/// <param name="Digest">The configuration CRI-O is being brought onto.</param>
/// <param name="FailedDigest">For a rollback: the configuration that failed.</param>
/// <param name="BaselineInvocationId">CRI-O's systemd invocation before the restart: a different one running
/// afterwards proves the restart happened.</param>
public sealed record PendingActivation(ActivationKind Kind, string Digest, long Generation, string? FailedDigest, string? BaselineInvocationId, DateTimeOffset StartedUtc);
