namespace NodeStorageAgent.Toml;

/// <summary>The value types of the TOML 1.0 specification, by their names there.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "String, Integer and Float are TOML's own type names (toml.io/en/v1.0.0)")]
public enum TomlValueKind
{
    String,
    Integer,
    Float,
    Boolean,
    OffsetDateTime,
    LocalDateTime,
    LocalDate,
    LocalTime,
    Array,
    Table,
}
