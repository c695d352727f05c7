namespace NodeStorageAgent.Toml.Parsing;

/// <summary>TOML's lexical grammar depends on position: keys and headers versus values.</summary>
internal enum LexMode
{
    /// <summary>Keys, table headers (<c>[[</c>/<c>]]</c> are single tokens), dots and <c>=</c>.</summary>
    Key,

    /// <summary>Values: numbers, booleans and date/times are one bare run; <c>[</c>/<c>]</c> are always single.</summary>
    Value,
}
