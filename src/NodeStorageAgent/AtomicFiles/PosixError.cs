using Mono.Unix;
using Mono.Unix.Native;

namespace NodeStorageAgent.AtomicFiles;

/// <summary>A failed system call: which one, on which path, and the errno (kept as a value, never thrown).</summary>
/// <param name="Detail">Why we refused, when the errno is ours rather than the kernel's (e.g. a FIFO where a regular
/// file was expected); replaces the errno's description in <see cref="ToString"/>.</param>
public readonly record struct PosixError(Errno Errno, string Operation, string Path, string? Detail = null)
{
    /// <summary>The symbolic errno name, e.g. <c>ENOSPC</c>, <c>EROFS</c>, <c>EXDEV</c>.</summary>
    public string Name => Errno.ToString();

    public string Description => UnixMarshal.GetErrorDescription(Errno);

    public override string ToString() => $"{Operation} {Path}: {Detail ?? Description} ({Name})";
}
