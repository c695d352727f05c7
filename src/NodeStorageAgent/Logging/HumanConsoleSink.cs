using System.Globalization;
using Serilog.Core;
using Serilog.Events;

namespace NodeStorageAgent.Logging;

/// <summary>Plain stderr lines for people at a terminal and for CLI verbs: <c>warning: message</c>, then the
/// exception, if any, on the following lines.</summary>
public sealed class HumanConsoleSink(TextWriter output) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var text = Format(logEvent);
        lock (_gate)
        {
            try
            {
                output.Write(text);
                output.Flush();
            }
            catch (IOException)
            {
                // stderr is gone (closed pipe): there is nowhere left to report this.
            }
        }
    }

    public static string Format(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var level = logEvent.Level switch
        {
            LogEventLevel.Verbose => "trace",
            LogEventLevel.Debug => "debug",
            LogEventLevel.Information => "info",
            LogEventLevel.Warning => "warning",
            LogEventLevel.Error => "error",
            _ => "fatal",
        };
        var message = PlainMessageRenderer.Render(logEvent);
        return logEvent.Exception is null ? $"{level}: {message}\n" : $"{level}: {message}\n{logEvent.Exception}\n";
    }
}
