using NodeStorageAgent.Metrics;

namespace NodeStorageAgent.Tests.Metrics;

public sealed class MetricsWritePolicyTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 12, 1, 20, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_refresh = TimeSpan.FromSeconds(60);

    [Fact]
    public void NothingWrittenYet_Writes() =>
        Assert.True(MetricsWritePolicy.ShouldWrite(null, null, new("s", "a"), s_t0, s_refresh));

    [Fact]
    public void AStateChange_WritesAtOnce() =>
        Assert.True(MetricsWritePolicy.ShouldWrite(new("s1", "a"), s_t0, new("s2", "a"), s_t0.AddMilliseconds(1), s_refresh));

    [Fact]
    public void ActivityOnly_WaitsForTheRefreshInterval()
    {
        Assert.False(MetricsWritePolicy.ShouldWrite(new("s", "a1"), s_t0, new("s", "a2"), s_t0 + s_refresh - TimeSpan.FromMilliseconds(1), s_refresh));
        Assert.True(MetricsWritePolicy.ShouldWrite(new("s", "a1"), s_t0, new("s", "a2"), s_t0 + s_refresh, s_refresh));
    }

    [Fact]
    public void NoChangeAtAll_NeverWrites() =>
        Assert.False(MetricsWritePolicy.ShouldWrite(new("s", "a"), s_t0, new("s", "a"), s_t0.AddHours(1), s_refresh));
}
