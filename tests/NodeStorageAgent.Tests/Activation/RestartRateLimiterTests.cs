using NodeStorageAgent.Activation;

namespace NodeStorageAgent.Tests.Activation;

public sealed class RestartRateLimiterTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FirstRestartIsAllowed() =>
        Assert.True(new RestartRateLimiter(new ManualClock(T0)).CanRestartNow(null));

    [Theory]
    [InlineData(0, false)]
    [InlineData(299, false)]
    [InlineData(300, true)]
    [InlineData(3600, true)]
    [InlineData(-60, false)]  // last restart slightly in the future (small clock step back): still limited
    [InlineData(-301, true)]  // far in the future: a clock that was wrong then must not block restarts for long
    public void AllowsOneRestartPerInterval(int secondsSinceLast, bool allowed)
    {
        var clock = new ManualClock(T0);
        var limiter = new RestartRateLimiter(clock);

        Assert.Equal(allowed, limiter.CanRestartNow(T0 - TimeSpan.FromSeconds(secondsSinceLast)));
    }

    [Fact]
    public void NextAllowedAtIsLastPlusTheInterval()
    {
        var limiter = new RestartRateLimiter(new ManualClock(T0), TimeSpan.FromMinutes(1));

        Assert.Equal(T0 + TimeSpan.FromMinutes(1), limiter.NextAllowedAt(T0));
        Assert.Equal(DateTimeOffset.MinValue, limiter.NextAllowedAt(null));
    }
}
