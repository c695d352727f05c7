using Microsoft.Extensions.Time.Testing;
using NodeStorageAgent.Systemd;
using Serilog.Core;

namespace NodeStorageAgent.Tests.Systemd;

public class StartupTimeoutExtenderTests
{
    [Fact]
    public void ExtendsNowAndEveryPeriodUntilDisposed()
    {
        using var listener = UnixDatagramListener.BindPath();
        var time = new FakeTimeProvider();
        var notifier = new SystemdNotifier(listener.Address, Logger.None);

        using (StartupTimeoutExtender.Start(notifier, time, TimeSpan.FromSeconds(30)))
        {
            Assert.Equal("EXTEND_TIMEOUT_USEC=30000000", listener.ReceiveText());
            time.Advance(TimeSpan.FromSeconds(25));
            Assert.Equal("EXTEND_TIMEOUT_USEC=30000000", listener.ReceiveText()); // t=10
            Assert.Equal("EXTEND_TIMEOUT_USEC=30000000", listener.ReceiveText()); // t=20
        }

        var counting = new CountingNotifier();
        using (StartupTimeoutExtender.Start(counting, time, TimeSpan.FromSeconds(30)))
        {
            time.Advance(TimeSpan.FromSeconds(25));
        }

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(3, counting.Sent); // at 0, 10 and 20 s; none after the dispose
    }

    private sealed class CountingNotifier : ISystemdNotifier
    {
        public int Sent { get; private set; }

        public bool IsEnabled => true;

        public bool Notify(ServiceState state)
        {
            Sent++;
            return true;
        }
    }

    [Fact]
    public void APeriodNotShorterThanTheExtensionIsRejected()
    {
        var notifier = new SystemdNotifier(null, Logger.None);

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            StartupTimeoutExtender.Start(notifier, TimeProvider.System, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)));
    }
}
