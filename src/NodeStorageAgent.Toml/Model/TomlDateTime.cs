using System.Globalization;

namespace NodeStorageAgent.Toml;

/// <summary>
/// One of TOML's four date/time kinds, kept distinct. <see cref="Time"/> has 100 ns precision; <see cref="Fraction"/>
/// keeps the fractional-second digits exactly as written (TOML allows more than .NET can hold).
/// </summary>
public sealed class TomlDateTime : TomlValue
{
    public TomlDateTime(TomlValueKind kind, DateOnly? date, TimeOnly? time, string fraction, TimeSpan? offset)
    {
        var valid = kind switch
        {
            TomlValueKind.OffsetDateTime => date is not null && time is not null && offset is not null,
            TomlValueKind.LocalDateTime => date is not null && time is not null && offset is null,
            TomlValueKind.LocalDate => date is not null && time is null && offset is null,
            TomlValueKind.LocalTime => date is null && time is not null && offset is null,
            _ => false,
        };
        if (!valid)
        {
            throw new ArgumentException($"the parts given do not form a {kind}", nameof(kind));
        }

        ArgumentNullException.ThrowIfNull(fraction);
        Kind = kind;
        Date = date;
        Time = time;
        Fraction = fraction;
        Offset = offset;
    }

    public override TomlValueKind Kind { get; }

    public DateOnly? Date { get; }

    public TimeOnly? Time { get; }

    /// <summary>Fractional-second digits as written, without the dot; empty when none.</summary>
    public string Fraction { get; }

    public TimeSpan? Offset { get; }

    /// <summary>The instant of an offset date-time; <c>null</c> for the local kinds.</summary>
    public DateTimeOffset? ToDateTimeOffset() =>
        Date is { } d && Time is { } t && Offset is { } o ? new DateTimeOffset(d.ToDateTime(t), o) : null;

    /// <summary>RFC 3339 text: <c>T</c> separator, <c>Z</c> for a zero offset, the fraction as written.</summary>
    public override string ToString()
    {
        var date = Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var time = Time is { } t ? t.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + (Fraction.Length > 0 ? "." + Fraction : "") : null;
        var offset = Offset is not { } o ? "" : o == TimeSpan.Zero ? "Z" : (o < TimeSpan.Zero ? "-" : "+") + o.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
        return date is not null && time is not null ? $"{date}T{time}{offset}" : date ?? time!;
    }
}
