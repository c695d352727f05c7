namespace NodeStorageAgent.Toml;

/// <summary>One problem found in a TOML text. Always an error: TOML has no warnings.</summary>
public sealed record TomlDiagnostic(string? SourceName, TomlPosition Position, string Message)
{
    /// <summary><c>&lt;source&gt;:&lt;line&gt;:&lt;col&gt;: error: &lt;message&gt;</c> (source defaults to <c>&lt;input&gt;</c>).</summary>
    public override string ToString() =>
        $"{SourceName ?? "<input>"}:{Position.Line}:{Position.Column}: error: {Message}";
}
