using System.Globalization;
using System.Text;
using Serilog.Events;
using Serilog.Parsing;

namespace NodeStorageAgent.Logging;

/// <summary>
/// Renders a log event's message for people: string properties appear as they are (<c>/mnt/nfs-images</c>), not
/// quoted as Serilog's default rendering does (<c>"/mnt/nfs-images"</c>). Every other value, and any explicit format
/// in the template, renders as Serilog would.
/// </summary>
public static class PlainMessageRenderer
{
    public static string Render(LogEvent logEvent)
    {
        var text = new StringBuilder();
        using var writer = new StringWriter(text, CultureInfo.InvariantCulture);
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            if (token is PropertyToken property
                && property.Format is null
                && logEvent.Properties.TryGetValue(property.PropertyName, out var value)
                && value is ScalarValue { Value: string s })
            {
                text.Append(s);
            }
            else
            {
                token.Render(logEvent.Properties, writer, CultureInfo.InvariantCulture);
            }
        }

        writer.Flush();
        return text.ToString();
    }
}
