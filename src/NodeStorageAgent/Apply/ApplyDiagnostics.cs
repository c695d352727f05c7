using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.AtomicFiles;

namespace NodeStorageAgent.Apply;

/// <summary>The NSA40xx codes for writing node files, with the path and errno of the failure.</summary>
public static class ApplyDiagnostics
{
    public const string CannotInspect = "NSA4001";
    public const string TargetIsSymlink = "NSA4002";
    public const string TargetNotRegularFile = "NSA4003";
    public const string StagingUnusable = "NSA4004";
    public const string StagingOtherFilesystem = "NSA4005";
    public const string WriteFailed = "NSA4006";
    public const string RenameFailed = "NSA4007";
    public const string DirectorySyncFailed = "NSA4008";
    public const string DeleteFailed = "NSA4009";
    public const string WriteConflict = "NSA4012";
    public const string DirectoryCreateFailed = "NSA4010";
    public const string SweepFailed = "NSA4011";
    public const string BackupFailed = "NSA4020";
    public const string RestoreFailed = "NSA4021";
    public const string StateUnreadable = "NSA4030";
    public const string StateCorrupt = "NSA4031";
    public const string StateUnknownVersion = "NSA4032";
    public const string StateWriteFailed = "NSA4033";
    public const string OwnershipRecovered = "NSA4034";
    public const string ApplyFailed = "NSA4040";
    public const string CompensationFailed = "NSA4041";
    public const string RollbackFailed = "NSA4042";

    public static Diagnostic Error(string code, string message, string path, PosixError? cause = null) =>
        new(code, DiagnosticSeverity.Error, Describe(message, path, cause), Path: path, Errno: cause?.Name);

    public static Diagnostic Warning(string code, string message, string path, PosixError? cause = null) =>
        new(code, DiagnosticSeverity.Warning, Describe(message, path, cause), Path: path, Errno: cause?.Name);

    /// <summary>The message always names the path (status.json and the journal show only the text): the cause
    /// carries it when there is one, else it leads.</summary>
    private static string Describe(string message, string path, PosixError? cause) =>
        cause is { } c ? $"{message}: {c}" : $"{path}: {message}";
}
