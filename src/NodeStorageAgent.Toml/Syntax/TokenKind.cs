namespace NodeStorageAgent.Toml.Syntax;

internal enum TokenKind
{
    EndOfFile,
    BareKey,
    BasicString,
    LiteralString,
    MultiLineBasicString,
    MultiLineLiteralString,

    /// <summary>An unquoted value (number, boolean, date/time); the parser classifies it.</summary>
    BareValue,
    Dot,
    Equals,
    Comma,
    OpenBracket,
    CloseBracket,
    DoubleOpenBracket,
    DoubleCloseBracket,
    OpenBrace,
    CloseBrace,

    /// <summary>A character that starts no token.</summary>
    Invalid,

    /// <summary>Text the parser did not read after the first syntax error (kept so printing stays lossless).</summary>
    Skipped,
}
