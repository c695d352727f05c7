using Serilog.Events;

namespace NodeStorageAgent.Logging;

/// <summary>Serilog levels as syslog priorities (RFC 5424), the mapping dotnet's <c>SystemdConsoleFormatter</c> uses.</summary>
public static class JournalPriority
{
    public static int From(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose or LogEventLevel.Debug => 7, // debug
        LogEventLevel.Information => 6,                    // info
        LogEventLevel.Warning => 4,                        // warning
        LogEventLevel.Error => 3,                          // err
        LogEventLevel.Fatal => 2,                          // crit
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "unknown Serilog level"),
    };
}
