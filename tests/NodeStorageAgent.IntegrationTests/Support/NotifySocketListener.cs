using System.Net.Sockets;
using System.Text;

namespace NodeStorageAgent.IntegrationTests.Support;

/// <summary>
/// Plays systemd's side of sd_notify: a bound <c>AF_UNIX</c>/<c>SOCK_DGRAM</c> socket (docs/node-findings.md §4) whose
/// path goes into the agent's <c>NOTIFY_SOCKET</c>. Every datagram is kept, in arrival order.
/// </summary>
internal sealed class NotifySocketListener : IDisposable
{
    private readonly Socket _socket;
    private readonly List<string> _messages = [];
    private readonly Lock _gate = new();
    private readonly Thread _reader;

    public NotifySocketListener(string path)
    {
        Path = path;
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(path));
        _reader = new Thread(Read) { IsBackground = true, Name = "notify-socket" };
        _reader.Start();
    }

    public string Path { get; }

    /// <summary>Every datagram received so far (each may hold several NAME=value lines).</summary>
    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _reader.Join(TimeSpan.FromSeconds(5));
        File.Delete(Path);
    }

    private void Read()
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            int n;
            try
            {
                n = _socket.Receive(buffer);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            var message = Encoding.UTF8.GetString(buffer, 0, n);
            lock (_gate)
            {
                _messages.Add(message);
            }
        }
    }
}
