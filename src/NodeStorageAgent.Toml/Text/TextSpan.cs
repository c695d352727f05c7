namespace NodeStorageAgent.Toml.Text;

/// <summary>A range of UTF-16 offsets <c>[Start, End)</c> in the source text.</summary>
internal readonly record struct TextSpan(int Start, int End)
{
    public int Length => End - Start;

    public bool Contains(int offset) => offset >= Start && offset < End;
}
