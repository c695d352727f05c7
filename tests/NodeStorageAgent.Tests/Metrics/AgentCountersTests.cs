using NodeStorageAgent.Activation;
using NodeStorageAgent.Metrics;

namespace NodeStorageAgent.Tests.Metrics;

public sealed class AgentCountersTests
{
    [Theory]
    [InlineData(ActivationStatus.Restarted, 1, 0, 0)]
    [InlineData(ActivationStatus.RolledBack, 2, 1, 1)]
    [InlineData(ActivationStatus.RollbackFailed, 1, 0, 1)]
    [InlineData(ActivationStatus.StatusUnknown, 0, 0, 1)]
    [InlineData(ActivationStatus.RebootFailed, 0, 0, 1)]
    [InlineData(ActivationStatus.RebootSuppressed, 0, 0, 1)]
    [InlineData(ActivationStatus.NotRunningFilesOnly, 0, 0, 0)]
    [InlineData(ActivationStatus.Pending, 0, 0, 0)]
    [InlineData(ActivationStatus.RebootRequested, 0, 0, 0)]
    [InlineData(ActivationStatus.RebootPending, 0, 0, 0)]
    public void RecordActivation_CountsWhatTheOutcomeStandsFor(ActivationStatus status, long restarts, long rollbacks, long failures)
    {
        var counters = new AgentCounters();

        counters.RecordActivation(status);

        var snapshot = counters.Snapshot();
        Assert.Equal((restarts, rollbacks, failures), (snapshot.CrioRestarts, snapshot.Rollbacks, snapshot.ActivationFailures));
    }

    [Fact]
    public void EveryOutcomeThatIsNotHealthy_CountsAsAFailure()
    {
        foreach (var status in Enum.GetValues<ActivationStatus>())
        {
            var healthy = new ActivationOutcome(status, "", new NodeStorageAgent.Apply.AgentState(), []).IsHealthy;
            Assert.Equal(healthy ? 0 : 1, AgentCounters.Count(status).Failures);
        }
    }

    [Fact]
    public void Counters_AreMonotonicOverAnySequenceOfOutcomes()
    {
        var counters = new AgentCounters();
        var statuses = Enum.GetValues<ActivationStatus>();
        var random = new Random(7);
        var previous = counters.Snapshot();
        for (var i = 0; i < 200; i++)
        {
            counters.RecordActivation(statuses[random.Next(statuses.Length)]);
            var next = counters.Snapshot();
            Assert.True(next.CrioRestarts >= previous.CrioRestarts && next.Rollbacks >= previous.Rollbacks && next.ActivationFailures >= previous.ActivationFailures);
            previous = next;
        }
    }

    [Fact]
    public void LastRollbackFailed_IsClearedByTheNextRestartThatWorks()
    {
        var counters = new AgentCounters();

        counters.RecordActivation(ActivationStatus.RollbackFailed);
        Assert.True(counters.Snapshot().LastRollbackFailed);
        counters.RecordActivation(ActivationStatus.Pending);
        Assert.True(counters.Snapshot().LastRollbackFailed);
        counters.RecordActivation(ActivationStatus.Restarted);
        Assert.False(counters.Snapshot().LastRollbackFailed);
    }

    [Fact]
    public void ObserveProbe_FeedsTheProbeHistogram()
    {
        var counters = new AgentCounters();

        counters.ObserveProbe(TimeSpan.FromMilliseconds(3));
        counters.ObserveProbe(TimeSpan.FromSeconds(2));

        var probes = counters.Snapshot().ProbeDurations;
        Assert.Equal(2, probes.Count);
        Assert.Equal(1, probes.Buckets.Single(b => b.UpperBound == 0.005).Count);
        Assert.Equal(2, probes.Buckets.Single(b => b.UpperBound == 2.5).Count);
    }
}
