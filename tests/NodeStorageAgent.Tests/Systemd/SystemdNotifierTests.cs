using NodeStorageAgent.Systemd;
using Serilog.Core;
using Serilog.Events;

namespace NodeStorageAgent.Tests.Systemd;

public class SystemdNotifierTests
{
    [Fact]
    public void PathSocketReceivesReadyStatusAndWatchdogInOrder()
    {
        using var listener = UnixDatagramListener.BindPath();
        var notifier = new SystemdNotifier(listener.Address, Logger.None);

        Assert.True(notifier.IsEnabled);
        Assert.True(notifier.Notify(ServiceState.Ready));
        Assert.True(notifier.Notify(ServiceState.Status("3/4 stores healthy; generation 7 applied")));
        Assert.True(notifier.Notify(ServiceState.Watchdog));

        Assert.Equal("READY=1", listener.ReceiveText());
        Assert.Equal("STATUS=3/4 stores healthy; generation 7 applied", listener.ReceiveText());
        Assert.Equal("WATCHDOG=1", listener.ReceiveText());
    }

    [Fact]
    public void AbstractSocketNamedWithAtReceivesTheDatagram()
    {
        using var listener = UnixDatagramListener.BindAbstract();
        var notifier = new SystemdNotifier(listener.Address, Logger.None);

        Assert.True(notifier.Notify(ServiceState.Ready.And(ServiceState.Status("probing"))));

        Assert.Equal("READY=1\nSTATUS=probing", listener.ReceiveText());
    }

    [Fact]
    public void FromEnvironmentReadsNotifySocket()
    {
        using var listener = UnixDatagramListener.BindPath();
        var environment = new FakeProcessEnvironment(new() { [SystemdConstants.NotifySocket] = listener.Address });

        var notifier = SystemdNotifier.FromEnvironment(environment, Logger.None);

        Assert.Equal(listener.Address, notifier.Address);
        Assert.True(notifier.Notify(ServiceState.Stopping));
        Assert.Equal("STOPPING=1", listener.ReceiveText());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void WithoutNotifySocketNotifyIsANoOp(string? notifySocket)
    {
        var notifier = new SystemdNotifier(notifySocket, Logger.None);

        Assert.False(notifier.IsEnabled);
        Assert.False(notifier.Notify(ServiceState.Ready));
    }

    [Theory]
    [InlineData("relative/notify.sock")]
    [InlineData("vsock:2:1234")]
    public void UnsupportedAddressDisablesTheNotifierWithAWarning(string notifySocket)
    {
        var log = new CollectingSink();

        var notifier = new SystemdNotifier(notifySocket, log.CreateLogger());

        Assert.False(notifier.IsEnabled);
        var warning = Assert.Single(log.Events);
        Assert.Equal(LogEventLevel.Warning, warning.Level);
        Assert.Contains(notifySocket, warning.RenderMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void FailedSendIsFalseWithOneWarningPerRunOfFailuresAndNoException()
    {
        var directory = Directory.CreateTempSubdirectory("nsa-notify-").FullName;
        try
        {
            var path = Path.Combine(directory, "notify.sock");
            var log = new CollectingSink();
            var notifier = new SystemdNotifier(path, log.CreateLogger());

            Assert.False(notifier.Notify(ServiceState.Ready));
            Assert.False(notifier.Notify(ServiceState.Watchdog));
            var warning = Assert.Single(log.Events);
            Assert.Equal(LogEventLevel.Warning, warning.Level);
            Assert.Contains(path, warning.RenderMessage(), StringComparison.Ordinal);
            Assert.Contains("AddressNotAvailable", warning.RenderMessage(), StringComparison.Ordinal);

            using var listener = new SocketAt(path);
            Assert.True(notifier.Notify(ServiceState.Watchdog));
            Assert.Equal(2, log.Events.Count);
            Assert.Equal(LogEventLevel.Information, log.Events[1].Level);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class SocketAt : IDisposable
    {
        private readonly System.Net.Sockets.Socket _socket =
            new(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Unspecified);

        public SocketAt(string path) => _socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));

        public void Dispose() => _socket.Dispose();
    }
}
