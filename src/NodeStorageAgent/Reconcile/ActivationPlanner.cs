using NodeStorageAgent.Apply;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Probing.Hysteresis;

namespace NodeStorageAgent.Reconcile;

/// <summary>What the loop should do about CRI-O now.</summary>
public enum ActivationDecision
{
    /// <summary>CRI-O runs the applied config (or nothing was applied).</summary>
    Nothing,

    /// <summary>Activate now.</summary>
    ActivateNow,

    /// <summary>Activation due later (quiet period or rate limit); see <see cref="ActivationPlan.DueAt"/>.</summary>
    Wait,

    /// <summary>Apply action <c>none</c>: the admin restarts CRI-O.</summary>
    LeftToAdmin,

    /// <summary>An included store's latest probe failed (hysteresis keeps it in for now): restarting would make
    /// CRI-O stat a store that may be dead. Wait for the next probe.</summary>
    HeldForUnhealthyStore,

    /// <summary>The applied config was written while CRI-O was down; it reads it when it starts. Confirm, don't restart.</summary>
    AwaitCrioStart,
}

public sealed record ActivationPlan(ActivationDecision Decision, DateTimeOffset? DueAt, string Reason);

/// <summary>
/// Pure: decides when the written config should be brought into effect. Coalesces bursts (a restart waits for a
/// quiet period after the last change), rate-limits restarts, and never restarts CRI-O into a store whose latest
/// probe failed.
/// </summary>
public static class ActivationPlanner
{
    public static ActivationPlan Plan(
        AgentState state,
        ApplyAction action,
        DateTimeOffset now,
        DateTimeOffset? lastChangeUtc,
        string? writtenWhileCrioDownDigest,
        IReadOnlyList<StoreDecision> decisions,
        AgentOptions options)
    {
        var applied = state.AppliedDigest;
        if (applied is null || applied == state.LastKnownGood?.Digest || applied == state.FailedDigest)
        {
            return new(ActivationDecision.Nothing, null, "CRI-O runs the applied configuration");
        }

        if (applied == writtenWhileCrioDownDigest)
        {
            return new(ActivationDecision.AwaitCrioStart, null, "written while CRI-O was not running; it reads it when it starts");
        }

        if (action == ApplyAction.None)
        {
            return new(ActivationDecision.LeftToAdmin, null, "restart pending (apply action none): restart crio.service to use it");
        }

        if (decisions.FirstOrDefault(d => d.IsIncluded && !d.Latest.IsSafe) is { } shaky)
        {
            return new(ActivationDecision.HeldForUnhealthyStore, null, $"restart held: {shaky.Store} failed its last probe");
        }

        var quietUntil = (lastChangeUtc ?? now) + options.RestartQuietPeriod;
        var allowedAt = state.LastRestartUtc is { } last ? last + options.RestartMinInterval : now;
        var dueAt = quietUntil > allowedAt ? quietUntil : allowedAt;
        var verb = action == ApplyAction.Reboot ? "reboot" : "restart crio.service";
        return now >= dueAt
            ? new(ActivationDecision.ActivateNow, dueAt, verb)
            : new(ActivationDecision.Wait, dueAt, $"{verb} at {dueAt.ToLocalTime():HH:mm:ss}" + (allowedAt > quietUntil ? " (rate limit)" : ""));
    }
}
