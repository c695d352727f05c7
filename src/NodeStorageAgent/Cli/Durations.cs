using System.CommandLine;
using System.Globalization;

namespace NodeStorageAgent.Cli;

/// <summary>
/// Duration options written the systemd way, always with a unit: <c>250ms</c>, <c>2s</c>, <c>5m</c>, <c>1h</c>. A bare
/// number is refused: "2" could mean seconds or milliseconds, and a wrong guess is a 1000-fold timeout.
/// </summary>
internal static class Durations
{
    private static readonly (string Suffix, double Seconds)[] s_units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];

    /// <summary>An option whose help shows its default once, in the format it accepts. Read it with <see cref="Value"/>.</summary>
    /// <param name="allowZero">Whether <c>0s</c> is meaningful (a quiet period of none); timeouts and intervals need more.</param>
    public static Option<TimeSpan?> Option(string name, TimeSpan defaultValue, string description, bool allowZero = false) => new(name)
    {
        Description = $"{description} (default {Format(defaultValue)})",
        HelpName = "DURATION",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (!TryParse(text, out var value))
            {
                result.AddError($"{name}: '{text}' is not a duration with a unit, like 500ms, 2s, 5m or 1h");
                return null;
            }

            if (value == TimeSpan.Zero && !allowZero)
            {
                result.AddError($"{name}: must be longer than 0 (e.g. {Format(defaultValue)})");
                return null;
            }

            return value;
        },
    };

    public static TimeSpan Value(ParseResult parse, Option<TimeSpan?> option, TimeSpan defaultValue) => parse.GetValue(option) ?? defaultValue;

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        foreach (var (suffix, seconds) in s_units)
        {
            if (text.Length > suffix.Length && text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                && double.IsFinite(number) && number * seconds <= TimeSpan.FromDays(1).TotalSeconds)
            {
                value = TimeSpan.FromSeconds(number * seconds);
                return true;
            }
        }

        return false;
    }

    public static string Format(TimeSpan value) =>
        value == TimeSpan.Zero ? "0s"
        : value.TotalMilliseconds < 1000 ? $"{value.TotalMilliseconds:0}ms"
        : value.TotalSeconds < 60 ? $"{value.TotalSeconds:0.#}s"
        : value.TotalMinutes < 60 ? $"{value.TotalMinutes:0.#}m"
        : $"{value.TotalHours:0.#}h";
}
