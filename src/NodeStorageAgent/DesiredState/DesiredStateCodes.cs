namespace NodeStorageAgent.DesiredState;

/// <summary>Diagnostic codes of the desired-state area (NSA1xxx). Stable: admins grep for them.</summary>
public static class DesiredStateCodes
{
    public const string PathRequired = "NSA1001";
    public const string PathEmpty = "NSA1002";
    public const string PathTooLong = "NSA1003";
    public const string PathPattern = "NSA1004";
    public const string PathDoubleSlash = "NSA1005";
    public const string PathDotSegment = "NSA1006";
    public const string PathForbiddenLocation = "NSA1007";
    public const string PathOverlapsContainerStorage = "NSA1008";
    public const string TooManyItems = "NSA1009";
    public const string DuplicatePath = "NSA1010";
    public const string TooFewItems = "NSA1011";
    public const string PathInTwoKinds = "NSA1012";
    public const string PathTrailingSlash = "NSA1013";

    public const string TomlSyntax = "NSA1020";
    public const string UnknownKey = "NSA1021";
    public const string WrongType = "NSA1022";
    public const string BadActionValue = "NSA1023";
    public const string TooManyDiagnostics = "NSA1024";

    public const string FileOwner = "NSA1030";
    public const string FilePermissions = "NSA1031";
    public const string FileUnreadable = "NSA1032";
    public const string FileNotRegular = "NSA1033";
    public const string FileTooLarge = "NSA1034";
    public const string FileMissing = "NSA1035";
    public const string FileDirectoryUntrusted = "NSA1036";
    public const string DesiredPathNotAbsolute = "NSA1037";

    public const string CrcYaml = "NSA1040";
}
