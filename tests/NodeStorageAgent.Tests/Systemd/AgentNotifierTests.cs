using Microsoft.Extensions.Hosting.Systemd;
using NodeStorageAgent.Systemd;
using Serilog.Core;
using Serilog.Events;

namespace NodeStorageAgent.Tests.Systemd;

[Collection(nameof(ProcessEnvironmentCollection))]
public class AgentNotifierTests
{
    [Fact]
    public void PathSocketReceivesStatusReadyAndWatchdogInOrderThroughThePackagesNotifier()
    {
        using var listener = UnixDatagramListener.BindPath();
        var notifier = PackageNotifiers.At(listener.Address);

        Assert.True(notifier.IsEnabled);
        Assert.True(notifier.TrySend(ServiceState.Ready));
        Assert.True(notifier.TrySend(NotifyMessages.Status("3/4 stores healthy; generation 7 applied")));
        Assert.True(notifier.TrySend(NotifyMessages.Watchdog));

        Assert.Equal("READY=1", listener.ReceiveText());
        Assert.Equal("STATUS=3/4 stores healthy; generation 7 applied", listener.ReceiveText());
        Assert.Equal("WATCHDOG=1", listener.ReceiveText());
        Assert.True(notifier.ReadySent.IsCompletedSuccessfully);
    }

    [Fact]
    public void AbstractSocketNamedWithAtReceivesTheDatagram()
    {
        using var listener = UnixDatagramListener.BindAbstract();
        var notifier = PackageNotifiers.At(listener.Address);

        Assert.True(notifier.TrySend(NotifyMessages.Status("probing")));

        Assert.Equal("STATUS=probing", listener.ReceiveText());
    }

    [Fact]
    public void ReadyCarriesTheLastStatusInTheSameDatagram()
    {
        using var listener = UnixDatagramListener.BindPath();
        var notifier = PackageNotifiers.At(listener.Address);

        Assert.True(notifier.TrySend(NotifyMessages.Status("waiting for stores")));
        Assert.True(notifier.TrySend(NotifyMessages.Status("1/1 stores healthy; generation 1 applied")));
        Assert.False(notifier.ReadySent.IsCompleted);
        Assert.True(notifier.TrySend(ServiceState.Ready));

        Assert.Equal("STATUS=waiting for stores", listener.ReceiveText());
        Assert.Equal("STATUS=1/1 stores healthy; generation 1 applied", listener.ReceiveText());
        Assert.Equal("READY=1\nSTATUS=1/1 stores healthy; generation 1 applied", listener.ReceiveText());
    }

    [Fact]
    public void NothingIsSentAfterStopping()
    {
        using var listener = UnixDatagramListener.BindPath();
        var notifier = PackageNotifiers.At(listener.Address);

        Assert.True(notifier.TrySend(ServiceState.Stopping));
        Assert.False(notifier.TrySend(NotifyMessages.Watchdog));
        Assert.False(notifier.TrySend(NotifyMessages.Status("late")));

        Assert.Equal("STOPPING=1", listener.ReceiveText());
        Assert.Null(listener.TryReceiveText(TimeSpan.FromMilliseconds(100)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void WithoutNotifySocketNothingIsSent(string? notifySocket)
    {
        var notifier = PackageNotifiers.At(notifySocket);

        Assert.False(notifier.IsEnabled);
        Assert.False(notifier.TrySend(ServiceState.Ready));
        Assert.False(AgentNotifier.Disabled(Logger.None).TrySend(ServiceState.Ready));
    }

    [Theory]
    [InlineData("relative/notify.sock")]
    [InlineData("vsock:2:1234")]
    public void AnAddressThatCannotBeReachedIsAWarningNotAnException(string notifySocket)
    {
        var log = new CollectingSink();
        var notifier = PackageNotifiers.At(notifySocket, log.CreateLogger());

        Assert.False(notifier.TrySend(NotifyMessages.Watchdog));

        var warning = Assert.Single(log.Events);
        Assert.Equal(LogEventLevel.Warning, warning.Level);
    }

    [Fact]
    public void FailedSendIsFalseWithOneWarningPerRunOfFailuresAndNoException()
    {
        var directory = Directory.CreateTempSubdirectory("nsa-notify-").FullName;
        try
        {
            var path = Path.Combine(directory, "notify.sock");
            var log = new CollectingSink();
            var notifier = PackageNotifiers.At(path, log.CreateLogger());

            Assert.False(notifier.TrySend(NotifyMessages.Status("probing")));
            Assert.False(notifier.TrySend(NotifyMessages.Watchdog));
            var warning = Assert.Single(log.Events);
            Assert.Equal(LogEventLevel.Warning, warning.Level);
            Assert.Contains("STATUS=probing", warning.RenderMessage(), StringComparison.Ordinal);

            using var listener = new SocketAt(path);
            Assert.True(notifier.TrySend(NotifyMessages.Watchdog));
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
