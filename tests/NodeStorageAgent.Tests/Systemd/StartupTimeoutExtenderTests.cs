using NodeStorageAgent.Systemd;
using Serilog.Core;

namespace NodeStorageAgent.Tests.Systemd;

[Collection(nameof(ProcessEnvironmentCollection))]
public class StartupTimeoutExtenderTests
{
    [Fact]
    public void ExtendsNowAndEveryPeriodUntilDisposed()
    {
        using var listener = UnixDatagramListener.BindPath();
        var time = new ManualTimeProvider();
        var notifier = PackageNotifiers.At(listener.Address);

        using (StartupTimeoutExtender.Start(notifier, time, TimeSpan.FromSeconds(30)))
        {
            Assert.Equal("EXTEND_TIMEOUT_USEC=30000000", listener.ReceiveText());
            time.Advance(TimeSpan.FromSeconds(25));
            Assert.Equal("EXTEND_TIMEOUT_USEC=30000000", listener.ReceiveText()); // t=10
            Assert.Equal("EXTEND_TIMEOUT_USEC=30000000", listener.ReceiveText()); // t=20
        }

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(listener.TryReceiveText(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(0, time.ActiveTimers);
    }

    [Fact]
    public void APeriodNotShorterThanTheExtensionIsRejected()
    {
        var notifier = PackageNotifiers.At(null);

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            StartupTimeoutExtender.Start(notifier, TimeProvider.System, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)));
    }
}
