using NodeStorageAgent.Diagnostics;

namespace NodeStorageAgent.Apply;

/// <summary>What one write or delete did.</summary>
/// <param name="Path">The host path of the target.</param>
/// <param name="Diagnostic">Set when <see cref="Status"/> is <see cref="FileWriteStatus.Failed"/>, or as a warning
/// when the change is in place but the directory fsync failed (the change may not survive a power loss).</param>
public sealed record FileWriteResult(string Path, FileWriteStatus Status, Diagnostic? Diagnostic = null)
{
    public bool Failed => Status == FileWriteStatus.Failed;

    /// <summary>The file on disk now differs from before the call.</summary>
    public bool Changed => Status is FileWriteStatus.Written or FileWriteStatus.Deleted;

    internal static FileWriteResult Fail(string path, string code, string message, PosixError? cause = null) =>
        new(path, FileWriteStatus.Failed, ApplyDiagnostics.Error(code, message, path, cause));
}
