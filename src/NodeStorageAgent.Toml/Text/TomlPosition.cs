namespace NodeStorageAgent.Toml;

/// <summary>
/// A 1-based line and column in a TOML text. <see cref="Column"/> counts Unicode characters (scalar values) from the
/// start of the line, so a tab is one column and a non-BMP character is one column; a leading UTF-8 BOM is not counted.
/// <c>(0, 0)</c> means "no position" (values built in code).
/// </summary>
public readonly record struct TomlPosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
