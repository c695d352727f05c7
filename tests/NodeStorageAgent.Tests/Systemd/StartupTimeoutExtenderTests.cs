using Microsoft.Extensions.Time.Testing;
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
        var time = new FakeTimeProvider();
        var notifier = PackageNotifiers.At(listener.Address);

        using (StartupTimeoutExtender.Start(notifier, time, TimeSpan.FromSeconds(30)))
        {
            Assert.Equal("EXTEND_TIMEOUT_USEC=30000000", listener.ReceiveText());
            time.Advance(TimeSpan.FromSeconds(25));
            Assert.Equal("EXTEND_TIMEOUT_USEC=30000000", listener.ReceiveText()); // t=10
            Assert.Equal("EXTEND_TIMEOUT_USEC=30000000", listener.ReceiveText()); // t=20
        }

        var counting = new CountingNotifier();
        using (StartupTimeoutExtender.Start(new AgentNotifier(counting, Logger.None), time, TimeSpan.FromSeconds(30)))
        {
            time.Advance(TimeSpan.FromSeconds(25));
        }

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(3, counting.Sent); // at 0, 10 and 20 s; none after the dispose
    }

    private sealed class CountingNotifier : Microsoft.Extensions.Hosting.Systemd.ISystemdNotifier
    {
        public int Sent { get; private set; }

        public bool IsEnabled => true;

        public void Notify(Microsoft.Extensions.Hosting.Systemd.ServiceState state) => Sent++;
    }

    [Fact]
    public void APeriodNotShorterThanTheExtensionIsRejected()
    {
        var notifier = PackageNotifiers.At(null);

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            StartupTimeoutExtender.Start(notifier, TimeProvider.System, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)));
    }
}
