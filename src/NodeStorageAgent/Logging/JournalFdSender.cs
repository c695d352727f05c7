using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace NodeStorageAgent.Logging;

/// <summary>
/// The native protocol's path for entries larger than a datagram: write the entry into a sealed memfd and send only
/// the file descriptor (SCM_RIGHTS, empty payload). journald reads a sealed memfd from any sender
/// (https://systemd.io/JOURNAL_NATIVE_PROTOCOL/, "Large entries"; systemd <c>journal-send.c</c> does the same).
/// </summary>
internal static unsafe class JournalFdSender
{
    /// <summary>Returns null on success, else what failed with errno.</summary>
    public static string? Send(UnixDomainSocketEndPoint journal, ReadOnlySpan<byte> entry)
    {
        var fd = Libc.MemfdCreate("node-storage-agent-journal", Libc.MfdCloexec | Libc.MfdAllowSealing);
        if (fd < 0)
        {
            return $"memfd_create failed: errno {Marshal.GetLastPInvokeError()}";
        }

        using var memfd = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            RandomAccess.Write(memfd, entry, 0);
        }
        catch (IOException e)
        {
            return $"writing {entry.Length} bytes to memfd failed: {e.Message}";
        }

        const int seals = Libc.FSealShrink | Libc.FSealGrow | Libc.FSealWrite | Libc.FSealSeal;
        if (Libc.Fcntl(fd, Libc.FAddSeals, seals) < 0)
        {
            return $"sealing memfd failed: errno {Marshal.GetLastPInvokeError()}";
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(journal);
            return SendFd(socket.SafeHandle, fd);
        }
        catch (SocketException e)
        {
            return $"connect to {journal} failed: {e.SocketErrorCode} (errno {e.ErrorCode})";
        }
    }

    private static string? SendFd(SafeSocketHandle socket, int fd)
    {
        var headerSize = Libc.CmsgAlign(sizeof(Libc.CmsgHdr));
        var controlSize = headerSize + Libc.CmsgAlign(sizeof(int));
        var control = stackalloc byte[controlSize];
        new Span<byte>(control, controlSize).Clear();
        var header = (Libc.CmsgHdr*)control;
        header->Length = (nuint)(headerSize + sizeof(int));
        header->Level = Libc.SolSocket;
        header->Type = Libc.ScmRights;
        *(int*)(control + headerSize) = fd;

        var message = new Libc.MsgHdr { Control = control, ControlLength = (nuint)controlSize };
        var added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            return Libc.SendMsg(socket.DangerousGetHandle(), &message, Libc.MsgNoSignal) < 0
                ? $"sendmsg(SCM_RIGHTS) failed: errno {Marshal.GetLastPInvokeError()}"
                : null;
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }
}
