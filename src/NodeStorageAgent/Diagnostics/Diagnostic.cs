namespace NodeStorageAgent.Diagnostics;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}

/// <summary>
/// A problem found in an input or on the node, with enough context to act on it: the file and position for
/// input errors, the filesystem path and errno for I/O errors.
/// </summary>
/// <param name="Code">Stable, grep-able id: NSA1xxx desired state, NSA2xxx probing, NSA3xxx TOML/config files,
/// NSA4xxx apply and activation.</param>
public sealed record Diagnostic(
    string Code,
    DiagnosticSeverity Severity,
    string Message,
    string? File = null,
    int Line = 0,
    int Column = 0,
    string? Path = null,
    string? Errno = null)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public static Diagnostic Error(string code, string message, string? file = null, int line = 0, int column = 0) =>
        new(code, DiagnosticSeverity.Error, message, file, line, column);

    public static Diagnostic Warning(string code, string message, string? file = null, int line = 0, int column = 0) =>
        new(code, DiagnosticSeverity.Warning, message, file, line, column);

    /// <summary><c>file:line:column: error NSA1001: message</c> (compiler style, so editors can jump to it).</summary>
    public override string ToString()
    {
        var where = File is null ? "" : Line > 0 ? $"{File}:{Line}:{Column}: " : $"{File}: ";
        var severity = IsError ? "error" : "warning";
        var tail = Errno is null ? "" : $" ({Errno})";
        return $"{where}{severity} {Code}: {Message}{tail}";
    }
}
