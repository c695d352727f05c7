using Microsoft.Extensions.Time.Testing;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Probing;
using NodeStorageAgent.Probing.Hysteresis;

namespace NodeStorageAgent.Tests.Probing;

public sealed class StoreHealthTrackerTests
{
    private static readonly StoreSpec s_store = new(StoreKind.Layer, "/var/lib/stargz-store/store");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    private static StoreProbeResult Result(char c) => c switch
    {
        'H' => new(s_store, StoreHealth.Healthy, ProbeReason.Ok, null, TimeSpan.FromMilliseconds(3), "", s_store.Path),
        'D' => new(s_store, StoreHealth.Degraded, ProbeReason.PluginNotMounted, null, TimeSpan.FromMilliseconds(3), "", s_store.Path),
        _ => new(s_store, StoreHealth.Unhealthy, ProbeReason.DeadMount, "ENOTCONN", TimeSpan.FromMilliseconds(3), "", s_store.Path),
    };

    /// <summary>Probe sequence (H healthy, D degraded, U unhealthy) → inclusion after each round (I/E) and the rounds
    /// that report a transition, with the default policy (drop after 2, re-add after 3).</summary>
    [Theory]
    [InlineData("H", "I", "1")]
    [InlineData("U", "E", "1")]
    [InlineData("D", "I", "1")]
    [InlineData("HU", "II", "1")]
    [InlineData("HUU", "IIE", "13")]
    [InlineData("HUHU", "IIII", "1")]
    [InlineData("HUUHH", "IIEEE", "13")]
    [InlineData("HUUHHH", "IIEEEI", "136")]
    [InlineData("HUUHHUHHH", "IIEEEEEEI", "139")]
    [InlineData("UDDD", "EEEI", "14")]
    [InlineData("HUUUUUU", "IIEEEEE", "13")]
    public void Update_Sequence_FollowsHysteresis(string probes, string expectedInclusion, string transitionRounds)
    {
        var tracker = new StoreHealthTracker(HysteresisPolicy.Default, _time);
        var inclusion = "";
        var transitions = "";
        for (var round = 0; round < probes.Length; round++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            var update = tracker.Update([Result(probes[round])]);
            inclusion += tracker.IsIncluded(s_store) ? "I" : "E";
            transitions += update.Transitions.Count > 0 ? (round + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
            Assert.Equal(tracker.IsIncluded(s_store), update.Decisions.Single().IsIncluded);
        }

        Assert.Equal(expectedInclusion, inclusion);
        Assert.Equal(transitionRounds, transitions);
    }

    [Fact]
    public void Update_Transition_CarriesFromToReasonAndClockTime()
    {
        var tracker = new StoreHealthTracker(new HysteresisPolicy { FailuresToDrop = 1, SuccessesToReadd = 1 }, _time);
        var first = tracker.Update([Result('H')]).Transitions.Single();
        _time.Advance(TimeSpan.FromMinutes(1));

        var drop = tracker.Update([Result('U')]).Transitions.Single();

        Assert.Equal((null, StoreInclusion.Included), (first.From, first.To));
        Assert.Equal((StoreInclusion.Included, StoreInclusion.Excluded, ProbeReason.DeadMount), (drop.From, drop.To, drop.Reason));
        Assert.Equal(_time.GetUtcNow(), drop.At);
        Assert.Equal(_time.GetUtcNow(), tracker.DecisionFor(s_store)!.Since);
    }

    [Fact]
    public void Update_StoreNoLongerDesired_IsForgottenAndComesBackAsNew()
    {
        var tracker = new StoreHealthTracker(HysteresisPolicy.Default, _time);
        tracker.Update([Result('H')]);
        tracker.Update([Result('U')]);

        tracker.Update([]);
        var again = tracker.Update([Result('H')]);

        Assert.Null(again.Transitions.Single().From);
        Assert.True(tracker.IsIncluded(s_store));
    }

    [Fact]
    public void Constructor_InvalidPolicy_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new StoreHealthTracker(new HysteresisPolicy { FailuresToDrop = 0 }));
}
