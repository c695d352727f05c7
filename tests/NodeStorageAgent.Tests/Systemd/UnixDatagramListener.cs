using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace NodeStorageAgent.Tests.Systemd;

/// <summary>A bound AF_UNIX/SOCK_DGRAM socket standing in for systemd's notify socket or journald's native socket.
/// Receives file descriptors passed with SCM_RIGHTS too (the journal's large-entry path).</summary>
internal sealed class UnixDatagramListener : IDisposable
{
    private readonly Socket _socket;
    private readonly string? _directory;

    private UnixDatagramListener(Socket socket, string address, string? directory)
    {
        _socket = socket;
        Address = address;
        _directory = directory;
    }

    /// <summary>What goes into NOTIFY_SOCKET (a path, or <c>@name</c>), or the journal socket path.</summary>
    public string Address { get; }

    public static UnixDatagramListener BindPath(string fileName = "notify.sock")
    {
        var directory = Directory.CreateTempSubdirectory("nsa-sock-").FullName;
        var path = Path.Combine(directory, fileName);
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return new UnixDatagramListener(socket, path, directory);
    }

    public static UnixDatagramListener BindAbstract()
    {
        var name = $"nsa-test-{Guid.NewGuid():N}";
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint("\0" + name));
        return new UnixDatagramListener(socket, "@" + name, null);
    }

    /// <summary>Sets a small receive buffer so senders hit a full queue quickly.</summary>
    public void ShrinkReceiveBuffer() => _socket.ReceiveBufferSize = 4096;

    public string ReceiveText(TimeSpan? timeout = null) => Encoding.UTF8.GetString(Receive(timeout).Payload);

    /// <summary>Null when nothing arrives within <paramref name="timeout"/>.</summary>
    public string? TryReceiveText(TimeSpan timeout) =>
        _socket.Poll(timeout, SelectMode.SelectRead) ? Encoding.UTF8.GetString(Receive(TimeSpan.Zero).Payload) : null;

    /// <summary>One datagram; when it carried a file descriptor, <c>FdContent</c> holds the file's bytes.</summary>
    public (byte[] Payload, byte[]? FdContent) Receive(TimeSpan? timeout = null)
    {
        if (!_socket.Poll(timeout ?? TimeSpan.FromSeconds(5), SelectMode.SelectRead))
        {
            throw new TimeoutException($"no datagram on {Address}");
        }

        return RecvMsg();
    }

    public void Dispose()
    {
        _socket.Dispose();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private (byte[] Payload, byte[]? FdContent) RecvMsg()
    {
        const int bufferSize = 1 << 20;
        const int controlSize = 64;
        var buffer = Marshal.AllocHGlobal(bufferSize);
        var control = Marshal.AllocHGlobal(controlSize);
        var iov = Marshal.AllocHGlobal(2 * IntPtr.Size);
        try
        {
            Marshal.WriteIntPtr(iov, 0, buffer);
            Marshal.WriteIntPtr(iov, IntPtr.Size, bufferSize);
            var message = new MsgHdr { Iov = iov, IovLength = 1, Control = control, ControlLength = controlSize };
            var received = RecvMsg((int)_socket.Handle, ref message, 0);
            if (received < 0)
            {
                throw new IOException($"recvmsg failed: errno {Marshal.GetLastPInvokeError()}");
            }

            var payload = new byte[received];
            Marshal.Copy(buffer, payload, 0, (int)received);
            byte[]? fdContent = null;
            if ((long)message.ControlLength >= 16 + sizeof(int))
            {
                var level = Marshal.ReadInt32(control, 8);
                var type = Marshal.ReadInt32(control, 12);
                Assert.Equal((1, 1), (level, type)); // SOL_SOCKET, SCM_RIGHTS
                var fd = Marshal.ReadInt32(control, 16);
                fdContent = File.ReadAllBytes($"/proc/self/fd/{fd}");
                _ = Close(fd);
            }

            return (payload, fdContent);
        }
        finally
        {
            Marshal.FreeHGlobal(buffer);
            Marshal.FreeHGlobal(control);
            Marshal.FreeHGlobal(iov);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public IntPtr Name;
        public uint NameLength;
        public IntPtr Iov;
        public nuint IovLength;
        public IntPtr Control;
        public nuint ControlLength;
        public int Flags;
    }

    [DllImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static extern nint RecvMsg(int socket, ref MsgHdr message, int flags);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
