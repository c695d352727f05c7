using Microsoft.Extensions.Time.Testing;
using NodeStorageAgent.Systemd;
using Serilog.Core;
using Serilog.Events;

namespace NodeStorageAgent.Tests.Systemd;

[Collection(nameof(ProcessEnvironmentCollection))]
public class WatchdogPingerTests
{
    private static readonly WatchdogSettings ThirtySeconds = new(TimeSpan.FromSeconds(30), "test");

    [Fact]
    public void PingsAtStartAndEveryHalfIntervalWhileAlive()
    {
        using var listener = UnixDatagramListener.BindPath();
        var time = new FakeTimeProvider();
        using var pinger = new WatchdogPinger(PackageNotifiers.At(listener.Address), ThirtySeconds, () => true, time, Logger.None);

        Assert.True(pinger.Start());
        Assert.Equal("WATCHDOG=1", listener.ReceiveText());

        time.Advance(TimeSpan.FromSeconds(14.9));
        Assert.Equal(1, pinger.Pings);

        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal("WATCHDOG=1", listener.ReceiveText());

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("WATCHDOG=1", listener.ReceiveText());
        Assert.Equal("WATCHDOG=1", listener.ReceiveText());
        Assert.Equal(4, pinger.Pings);
    }

    [Fact]
    public void StopsPingingWhileTheLoopIsNotAliveAndResumesWhenItIs()
    {
        using var listener = UnixDatagramListener.BindPath();
        var time = new FakeTimeProvider();
        var alive = true;
        var log = new CollectingSink();
        using var pinger = new WatchdogPinger(PackageNotifiers.At(listener.Address), ThirtySeconds, () => alive, time, log.CreateLogger());
        pinger.Start();
        Assert.Equal("WATCHDOG=1", listener.ReceiveText());

        alive = false;
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, pinger.Pings);
        var warning = Assert.Single(log.Events);
        Assert.Equal(LogEventLevel.Warning, warning.Level);

        alive = true;
        time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal("WATCHDOG=1", listener.ReceiveText());
        Assert.Equal(2, pinger.Pings);
        Assert.Equal(LogEventLevel.Information, log.Events[^1].Level);
    }

    [Fact]
    public void AStaleHeartbeatStopsThePings()
    {
        using var listener = UnixDatagramListener.BindPath();
        var time = new FakeTimeProvider();
        var heartbeat = new LivenessHeartbeat(time);
        using var pinger = new WatchdogPinger(PackageNotifiers.At(listener.Address), ThirtySeconds,
            () => heartbeat.IsFresh(ThirtySeconds.Interval!.Value), time, Logger.None);
        pinger.Start();
        Assert.Equal("WATCHDOG=1", listener.ReceiveText());

        // The loop beats for a while, then wedges.
        time.Advance(TimeSpan.FromSeconds(10));
        heartbeat.Beat();
        time.Advance(TimeSpan.FromSeconds(20)); // t=30: ping at 15 and 30, last beat 20 s old
        Assert.Equal("WATCHDOG=1", listener.ReceiveText());
        Assert.Equal("WATCHDOG=1", listener.ReceiveText());

        time.Advance(TimeSpan.FromSeconds(15)); // t=45: last beat 35 s old
        Assert.Equal(3, pinger.Pings);
    }

    [Fact]
    public void DisposeStopsTheTimer()
    {
        using var listener = UnixDatagramListener.BindPath();
        var time = new FakeTimeProvider();
        var pinger = new WatchdogPinger(PackageNotifiers.At(listener.Address), ThirtySeconds, () => true, time, Logger.None);
        pinger.Start();
        listener.ReceiveText();

        pinger.Dispose();
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, pinger.Pings);
    }

    [Fact]
    public void DoesNothingWhenTheWatchdogOrTheNotifierIsOff()
    {
        using var listener = UnixDatagramListener.BindPath();
        var time = new FakeTimeProvider();

        using var noWatchdog = new WatchdogPinger(PackageNotifiers.At(listener.Address),
            WatchdogSettings.Disabled("WATCHDOG_USEC is not set"), () => true, time, Logger.None);
        using var noNotifier = new WatchdogPinger(PackageNotifiers.At(null), ThirtySeconds, () => true, time, Logger.None);

        Assert.False(noWatchdog.Start());
        Assert.False(noNotifier.Start());
        Assert.Equal(0, noWatchdog.Pings + noNotifier.Pings);
    }
}
