using NodeStorageAgent.Metrics;

namespace NodeStorageAgent.Tests.Metrics;

public sealed class DurationHistogramTests
{
    [Fact]
    public void Buckets_AreCumulativeAndInfEqualsCount()
    {
        var histogram = new DurationHistogram([0.01, 0.1, 1]);
        histogram.Observe(TimeSpan.FromMilliseconds(5));
        histogram.Observe(TimeSpan.FromMilliseconds(10)); // le is inclusive: exactly on the bound counts in it
        histogram.Observe(TimeSpan.FromMilliseconds(50));
        histogram.Observe(TimeSpan.FromSeconds(3)); // above every finite bound: only in +Inf

        var snapshot = histogram.Snapshot();

        Assert.Equal([(0.01, 2L), (0.1, 3L), (1.0, 3L)], snapshot.Buckets);
        Assert.Equal(4, snapshot.Count);
        Assert.Equal(3.065, snapshot.SumSeconds, 6);
    }

    [Fact]
    public void Buckets_NeverDecreaseAlongTheBounds_ForAnyObservations()
    {
        var histogram = new DurationHistogram(DurationHistogram.ProbeBuckets);
        var random = new Random(16);
        for (var i = 0; i < 500; i++)
        {
            histogram.Observe(TimeSpan.FromMilliseconds(random.NextDouble() * 40_000));
        }

        var snapshot = histogram.Snapshot();

        Assert.All(snapshot.Buckets.Zip(snapshot.Buckets.Skip(1)), pair => Assert.True(pair.First.Count <= pair.Second.Count));
        Assert.True(snapshot.Buckets[^1].Count <= snapshot.Count);
        Assert.Equal(500, snapshot.Count);
    }

    [Theory]
    [InlineData(new double[0])]
    [InlineData(new[] { 1.0, 1.0 })]
    [InlineData(new[] { 2.0, 1.0 })]
    public void Bounds_MustBeStrictlyIncreasing(double[] bounds) =>
        Assert.Throws<ArgumentException>(() => new DurationHistogram(bounds));
}
