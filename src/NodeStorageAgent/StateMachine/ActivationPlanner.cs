using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Probing.Hysteresis;

namespace NodeStorageAgent.StateMachine;

/// <summary>What should be done about CRI-O now.</summary>
public enum ActivationDecision
{
    /// <summary>CRI-O runs the applied config (or nothing was applied).</summary>
    Nothing,

    /// <summary>Activate now.</summary>
    ActivateNow,

    /// <summary>Activation due later (quiet period or rate limit); see <see cref="ActivationPlan.Delay"/>.</summary>
    Wait,

    /// <summary>Apply action <c>none</c>: the admin restarts CRI-O.</summary>
    LeftToAdmin,

    /// <summary>An included store's latest probe failed (hysteresis keeps it in for now): restarting would make
    /// CRI-O stat a store that may be dead. Wait for the next probe.</summary>
    HeldForUnhealthyStore,

    /// <summary>The applied config was written while CRI-O was down; it reads it when it starts. Confirm, don't restart.</summary>
    AwaitCrioStart,
}

/// <summary>How restarts are paced.</summary>
/// <param name="QuietPeriod">A restart waits until the config has been unchanged this long (a burst is one restart).</param>
/// <param name="MinInterval">Minimum time between two CRI-O restarts.</param>
public sealed record ActivationPolicy(TimeSpan QuietPeriod, TimeSpan MinInterval);

/// <param name="Delay">For <see cref="ActivationDecision.Wait"/>: how long until it is due.</param>
public sealed record ActivationPlan(ActivationDecision Decision, TimeSpan Delay, string Reason);

/// <summary>
/// Pure: decides when the written config should be brought into effect. Coalesces bursts (a restart waits for a
/// quiet period after the last change), rate-limits restarts on the monotonic clock, and never restarts CRI-O into a
/// store whose latest probe failed.
/// </summary>
public static class ActivationPlanner
{
    public static ActivationPlan Plan(AgentState state, ApplyAction action, MachineClock now, IReadOnlyList<StoreDecision> decisions, ActivationPolicy policy)
    {
        var applied = state.AppliedDigest;
        if (applied is null || applied == state.LastKnownGood?.Digest || applied == state.FailedDigest)
        {
            return new(ActivationDecision.Nothing, TimeSpan.Zero, "CRI-O runs the applied configuration");
        }

        if (applied == state.WrittenWhileCrioDown)
        {
            return new(ActivationDecision.AwaitCrioStart, TimeSpan.Zero, "written while CRI-O was not running; it reads it when it starts");
        }

        if (action == ApplyAction.None)
        {
            return new(ActivationDecision.LeftToAdmin, TimeSpan.Zero, "restart pending (apply action none): restart crio.service to use it");
        }

        if (decisions.FirstOrDefault(d => d.IsIncluded && !d.Latest.IsSafe) is { } shaky)
        {
            return new(ActivationDecision.HeldForUnhealthyStore, TimeSpan.Zero, $"restart held: {shaky.Store} failed its last probe");
        }

        var quiet = Remaining(policy.QuietPeriod, state.LastChange?.Age(now));
        var rate = Remaining(policy.MinInterval, state.LastRestart?.Age(now));
        var delay = quiet > rate ? quiet : rate;
        var verb = action == ApplyAction.Reboot ? "reboot" : "restart crio.service";
        return delay <= TimeSpan.Zero
            ? new(ActivationDecision.ActivateNow, TimeSpan.Zero, verb)
            : new(ActivationDecision.Wait, delay, $"{verb} at {(now.Utc + delay).ToLocalTime():yyyy-MM-dd HH:mm:ss}" + (rate > quiet ? " (rate limit)" : ""));
    }

    /// <summary>What is left of <paramref name="interval"/> after <paramref name="age"/>; none when the moment was in
    /// another boot or never happened.</summary>
    private static TimeSpan Remaining(TimeSpan interval, TimeSpan? age) =>
        age is { } a && a < interval ? interval - a : TimeSpan.Zero;
}
