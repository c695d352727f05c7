using NodeStorageAgent.Systemd;
using Serilog.Core;

namespace NodeStorageAgent.Tests.Systemd;

[Collection(nameof(ProcessEnvironmentCollection))]
public class StatusNotifierTests
{
    [Fact]
    public void SendsOnlyWhenTheTextChanges()
    {
        using var listener = UnixDatagramListener.BindPath();
        var status = new StatusNotifier(PackageNotifiers.At(listener.Address));

        Assert.True(status.Update("3/4 stores healthy; generation 7 applied"));
        Assert.False(status.Update("3/4 stores healthy; generation 7 applied"));
        Assert.True(status.Update("4/4 stores healthy; generation 7 applied; crio restarted 14:02"));

        Assert.Equal("STATUS=3/4 stores healthy; generation 7 applied", listener.ReceiveText());
        Assert.Equal("STATUS=4/4 stores healthy; generation 7 applied; crio restarted 14:02", listener.ReceiveText());
        Assert.Null(listener.TryReceiveText(TimeSpan.FromMilliseconds(100)));
        Assert.Equal("4/4 stores healthy; generation 7 applied; crio restarted 14:02", status.Current);
    }

    [Fact]
    public void AFailedSendIsRetriedByTheNextUpdate()
    {
        var directory = Directory.CreateTempSubdirectory("nsa-status-").FullName;
        try
        {
            var path = Path.Combine(directory, "notify.sock");
            var status = new StatusNotifier(PackageNotifiers.At(path));

            Assert.False(status.Update("probing"));
            Assert.Null(status.Current);

            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix,
                System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Unspecified);
            socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
            Assert.True(status.Update("probing"));
            Assert.Equal("probing", status.Current);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
