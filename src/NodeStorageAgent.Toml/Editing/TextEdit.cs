namespace NodeStorageAgent.Toml.Editing;

/// <summary>Replace <c>[Start, End)</c> of the source text with <see cref="NewText"/>; every other character stays.</summary>
internal readonly record struct TextEdit(int Start, int End, string NewText)
{
    public string ApplyTo(string text) => string.Concat(text.AsSpan(0, Start), NewText, text.AsSpan(End));
}
