using System.Text;
using System.Text.Unicode;
using NodeStorageAgent.Toml.Parsing;
using NodeStorageAgent.Toml.Semantics;
using NodeStorageAgent.Toml.Syntax;
using NodeStorageAgent.Toml.Text;

namespace NodeStorageAgent.Toml;

/// <summary>
/// A parsed TOML 1.0 document: the lossless syntax tree over the source text, its diagnostics and (when valid) the
/// decoded <see cref="Root"/>. Parsing never throws on bad input. Immutable; edits produce a new document
/// (<see cref="TomlEditor"/>).
/// </summary>
public sealed class TomlDocument
{
    private readonly TomlTable? _root;
    private readonly byte[]? _undecodableBytes;

    private TomlDocument(string text, string? sourceName, byte[]? undecodableBytes = null, (int Offset, string Message)? encodingError = null)
    {
        Text = text;
        SourceName = sourceName;
        Lines = new LineMap(text);
        _undecodableBytes = undecodableBytes;
        var diagnostics = new DiagnosticBag(sourceName, Lines);
        if (encodingError is var (offset, message))
        {
            diagnostics.Add(offset, message);
        }

        Syntax = Parser.Parse(text, diagnostics);
        if (diagnostics.Count == 0)
        {
            var root = new DocumentBuilder(text, Lines, diagnostics).Build(Syntax);
            _root = diagnostics.Count == 0 ? root : null;
        }

        Diagnostics = diagnostics.Items;
    }

    public string? SourceName { get; }

    public IReadOnlyList<TomlDiagnostic> Diagnostics { get; }

    public bool HasErrors => Diagnostics.Count > 0;

    /// <summary>The decoded document. Throws <see cref="InvalidOperationException"/> when <see cref="HasErrors"/>.</summary>
    public TomlTable Root => _root ?? throw new InvalidOperationException(
        "the TOML document has errors: " + string.Join("; ", Diagnostics.Take(3)));

    internal string Text { get; }

    internal LineMap Lines { get; }

    internal DocumentSyntax Syntax { get; }

    /// <summary>Parses UTF-8 bytes (a BOM is kept as part of the text; invalid UTF-8 is a diagnostic).</summary>
    public static TomlDocument Parse(ReadOnlySpan<byte> utf8, string? sourceName = null)
    {
        if (Utf8.IsValid(utf8))
        {
            return new TomlDocument(Encoding.UTF8.GetString(utf8), sourceName);
        }

        var badByte = FirstInvalidByte(utf8);
        var charsBefore = Encoding.UTF8.GetCharCount(utf8[..badByte]);
        return new TomlDocument(Encoding.UTF8.GetString(utf8), sourceName, utf8.ToArray(),
            (charsBefore, $"invalid UTF-8 byte sequence at byte offset {badByte}"));
    }

    public static TomlDocument Parse(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TomlDocument(text, sourceName);
    }

    /// <summary>The document printed from its syntax tree: always equal to the input text.</summary>
    public string ToText()
    {
        var builder = new StringBuilder(Text.Length);
        Syntax.WriteTo(builder, Text);
        return builder.ToString();
    }

    /// <summary>The document as UTF-8: always equal to the input bytes (BOM, CRLF, missing final newline, even invalid UTF-8).</summary>
    public byte[] ToUtf8Bytes() => _undecodableBytes is not null ? _undecodableBytes.ToArray() : Encoding.UTF8.GetBytes(ToText());

    public override string ToString() => ToText();

    private static int FirstInvalidByte(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }
}
