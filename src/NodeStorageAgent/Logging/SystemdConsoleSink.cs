using System.Globalization;
using System.Text;
using Serilog.Core;
using Serilog.Events;

namespace NodeStorageAgent.Logging;

/// <summary>
/// One line per event on stderr with the sd-daemon(3) <c>&lt;N&gt;</c> priority prefix, which journald's stdout stream
/// reader turns into PRIORITY. Used under systemd when the native socket is absent, and as the journald sink's
/// fallback. Line breaks in the message and exception become spaces: journald ends a record at a newline (the rule
/// of dotnet's <c>SystemdConsoleFormatter</c>). No timestamp; the journal adds its own.
/// </summary>
public sealed class SystemdConsoleSink(TextWriter output) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var line = Format(logEvent);
        lock (_gate)
        {
            try
            {
                output.Write(line);
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
        var line = new StringBuilder();
        line.Append('<').Append(JournalPriority.From(logEvent.Level).ToString(CultureInfo.InvariantCulture)).Append('>');
        AppendOneLine(line, PlainMessageRenderer.Render(logEvent));
        if (logEvent.Exception is { } exception)
        {
            line.Append(' ');
            AppendOneLine(line, exception.ToString());
        }

        return line.Append('\n').ToString();
    }

    private static void AppendOneLine(StringBuilder line, string text)
    {
        foreach (var c in text)
        {
            line.Append(c is '\n' or '\r' ? ' ' : c);
        }
    }
}
