using NodeStorageAgent.Diagnostics;

namespace NodeStorageAgent.Activation;

/// <summary>How an external program ended. Never an exception: a non-zero exit, a timeout and a failure to start
/// are all values.</summary>
/// <param name="ExitCode">Null when the program could not be started, or did not exit even after SIGKILL.</param>
/// <param name="TimedOut">The timeout expired and the program was signalled.</param>
/// <param name="Killed">SIGKILL was needed (SIGTERM was ignored for the whole grace period).</param>
/// <param name="StartError">Why it could not be started (e.g. not found), else null.</param>
public sealed record CommandResult(
    CommandRequest Request,
    int? ExitCode,
    bool TimedOut,
    bool Killed,
    string StandardOutput,
    string StandardError,
    TimeSpan Elapsed,
    string? StartError = null)
{
    /// <summary>MCO truncates captured stderr to 256 characters in its errors; so do we.</summary>
    public const int DiagnosticStderrLength = 256;

    public bool Succeeded => ExitCode == 0 && !TimedOut && StartError is null;

    /// <summary>Stderr trimmed to <see cref="DiagnosticStderrLength"/> characters, for messages.</summary>
    public string StandardErrorSummary
    {
        get
        {
            var trimmed = StandardError.Trim();
            return trimmed.Length <= DiagnosticStderrLength ? trimmed : trimmed[..DiagnosticStderrLength] + "…";
        }
    }

    /// <summary>One line saying how it failed, for a diagnostic.</summary>
    public string Describe()
    {
        if (StartError is not null)
        {
            return $"`{Request}` could not be started: {StartError}";
        }

        var how = TimedOut
            ? $"timed out after {Request.Timeout.TotalSeconds:0.#}s" + (Killed ? " and was killed (SIGKILL)" : " (SIGTERM)")
            : $"exited with {ExitCode}";
        return StandardErrorSummary.Length == 0 ? $"`{Request}` {how}" : $"`{Request}` {how}: {StandardErrorSummary}";
    }

    public Diagnostic ToDiagnostic(string code) =>
        new(code, DiagnosticSeverity.Error, Describe(), Path: Request.FileName);
}
