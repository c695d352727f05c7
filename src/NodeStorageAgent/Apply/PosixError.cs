using Mono.Unix;
using Mono.Unix.Native;

namespace NodeStorageAgent.Apply;

/// <summary>A failed system call: which one, on which path, and the errno (kept as a value, never thrown).</summary>
public readonly record struct PosixError(Errno Errno, string Operation, string Path)
{
    /// <summary>The symbolic errno name, e.g. <c>ENOSPC</c>, <c>EROFS</c>, <c>EXDEV</c>.</summary>
    public string Name => Errno.ToString();

    public string Description => UnixMarshal.GetErrorDescription(Errno);

    public override string ToString() => $"{Operation} {Path}: {Description} ({Name})";
}
