using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Apply;

namespace NodeStorageAgent.AtomicFiles;

/// <summary>What one write or delete did.</summary>
/// <param name="Path">The host path of the target.</param>
/// <param name="Diagnostic">Set when <see cref="Status"/> is <see cref="FileWriteStatus.Failed"/>, or as a warning
/// when the change is in place but the directory fsync failed (the change may not survive a power loss).</param>
public sealed record FileWriteResult(string Path, FileWriteStatus Status, Diagnostic? Diagnostic = null)
{
    public bool Failed => Status is FileWriteStatus.Failed or FileWriteStatus.Conflict;

    /// <summary>The target changed between the caller's read and this write; nothing was written.</summary>
    public bool Conflicted => Status == FileWriteStatus.Conflict;

    /// <summary>The file on disk now differs from before the call.</summary>
    public bool Changed => Status is FileWriteStatus.Written or FileWriteStatus.Deleted;

    internal static FileWriteResult Conflict(string path, string why) =>
        new(path, FileWriteStatus.Conflict, ApplyDiagnostics.Error(ApplyDiagnostics.WriteConflict,
            $"not written: the file changed since it was read ({why}); re-read and render again", path));

    internal static FileWriteResult Fail(string path, string code, string message, PosixError? cause = null) =>
        new(path, FileWriteStatus.Failed, ApplyDiagnostics.Error(code, message, path, cause));
}
