using System.Runtime.InteropServices;

namespace NodeStorageAgent.Logging;

/// <summary>The few libc calls the journal's file-descriptor transport needs (.NET's Socket cannot send SCM_RIGHTS).</summary>
internal static unsafe partial class Libc
{
    public const uint MfdCloexec = 0x0001;
    public const uint MfdAllowSealing = 0x0002;
    public const int FAddSeals = 1033;
    public const int FSealSeal = 0x0001;
    public const int FSealShrink = 0x0002;
    public const int FSealGrow = 0x0004;
    public const int FSealWrite = 0x0008;
    public const int SolSocket = 1;
    public const int ScmRights = 1;
    public const int MsgNoSignal = 0x4000;

    [LibraryImport("libc", EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MemfdCreate(string name, uint flags);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    public static partial nint SendMsg(nint socket, MsgHdr* message, int flags);

    /// <summary>struct msghdr (Linux, LP64 and ILP32: sequential layout gives the C padding).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public void* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct cmsghdr; the payload follows at CMSG_ALIGN(sizeof(CmsgHdr)).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct CmsgHdr
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    public static int CmsgAlign(int length) => (length + sizeof(nuint) - 1) & ~(sizeof(nuint) - 1);
}
