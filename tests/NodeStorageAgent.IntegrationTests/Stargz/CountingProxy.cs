using System.Net;
using System.Net.Sockets;

namespace NodeStorageAgent.IntegrationTests.Stargz;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of the registry that counts the bytes the registry sends to its clients
/// (podman, stargz-store): the "how much was really fetched" of the lazy-pulling tests. It relays bytes without
/// parsing HTTP. When the registry is down, a client's connection is accepted and closed at once.
/// </summary>
internal sealed class CountingProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private long _downstreamBytes;

    public CountingProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Bytes relayed from the registry to clients since the proxy started.</summary>
    public long BytesFromRegistry => Interlocked.Read(ref _downstreamBytes);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
                var up = Pump(client.GetStream(), upstream.GetStream(), count: false);
                var down = Pump(upstream.GetStream(), client.GetStream(), count: true);
                await Task.WhenAny(up, down);
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // Registry down or a side hung up: the client sees its connection closed.
            }
        }
    }

    private async Task Pump(NetworkStream from, NetworkStream to, bool count)
    {
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                if (count)
                {
                    Interlocked.Add(ref _downstreamBytes, read);
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side closed.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
