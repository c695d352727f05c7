using System.Globalization;
using Serilog.Events;

namespace NodeStorageAgent.Logging;

/// <summary>
/// Turns a Serilog event into native-protocol journal fields: <c>MESSAGE</c>, <c>PRIORITY</c>,
/// <c>SYSLOG_IDENTIFIER</c>, <c>MESSAGE_TEMPLATE</c>, <c>EXCEPTION</c> (when present) and one <c>NSA_*</c> field per
/// structured property (see <see cref="JournalFieldName"/>), so <c>journalctl NSA_STORE_PATH=/mnt/x</c> finds them.
/// </summary>
public static class JournalEntryRenderer
{
    public const string DefaultSyslogIdentifier = "node-storage-agent";

    public static byte[] Render(LogEvent logEvent, string syslogIdentifier = DefaultSyslogIdentifier, bool includeMessageTemplate = true)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var entry = new JournalEntryBuilder();
        var message = PlainMessageRenderer.Render(logEvent);
        if (logEvent.Exception is { } exception)
        {
            // journalctl shows MESSAGE only; give it the exception's gist, the whole trace goes to EXCEPTION.
            message = $"{message} ({exception.GetType().FullName}: {exception.Message})";
        }

        entry.Add("MESSAGE", message)
            .Add("PRIORITY", JournalPriority.From(logEvent.Level).ToString(CultureInfo.InvariantCulture))
            .Add("SYSLOG_IDENTIFIER", syslogIdentifier);
        if (includeMessageTemplate)
        {
            entry.Add("MESSAGE_TEMPLATE", logEvent.MessageTemplate.Text);
        }

        if (logEvent.Exception is not null)
        {
            entry.Add("EXCEPTION", logEvent.Exception.ToString());
        }

        foreach (var (name, value) in logEvent.Properties)
        {
            if (JournalFieldName.FromPropertyName(name) is { } field)
            {
                entry.Add(field, FormatValue(value));
            }
        }

        return entry.ToArray();
    }

    /// <summary>Scalars as plain invariant text (strings unquoted, so <c>NSA_STORE_PATH=/mnt/x</c> matches); sequences
    /// and structures in Serilog's own rendering.</summary>
    public static string FormatValue(LogEventPropertyValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value switch
        {
            ScalarValue { Value: null } => "null",
            ScalarValue { Value: string s } => s,
            ScalarValue { Value: bool b } => b ? "true" : "false",
            ScalarValue { Value: DateTime d } => d.ToString("O", CultureInfo.InvariantCulture),
            ScalarValue { Value: DateTimeOffset d } => d.ToString("O", CultureInfo.InvariantCulture),
            ScalarValue { Value: IFormattable f } => f.ToString(null, CultureInfo.InvariantCulture),
            ScalarValue { Value: var other } => other.ToString() ?? "",
            _ => value.ToString(null, CultureInfo.InvariantCulture),
        };
    }
}
