using System.Diagnostics;
using System.Text;
using NodeStorageAgent.TestSupport;

namespace NodeStorageAgent.Toml.Tests.Robustness;

/// <summary>Bad input never throws, hangs or exhausts the stack, and still prints back byte for byte.</summary>
public class HostileInputTests
{
    [Theory]
    [InlineData("a = ", "[", "")]
    [InlineData("a = ", "{b = ", "")]
    [InlineData("a = ", "[", "]")]
    [InlineData("a = ", "{b = ", "}")]
    [InlineData("", "[", "")]
    [InlineData("a = ", "[\n", "")]
    public void Parse_DeepNesting_ReportsTheLimitWithoutOverflowingTheStack(string prefix, string open, string close)
    {
        var text = prefix + string.Concat(Enumerable.Repeat(open, 100_000)) + "1" + string.Concat(Enumerable.Repeat(close, 100_000));

        var document = TomlDocument.Parse(text);

        Assert.True(document.HasErrors);
        Assert.Equal(text, document.ToText());
    }

    [Fact]
    public void Parse_NestingJustBelowTheLimit_IsValid()
    {
        var text = "a = " + new string('[', 200) + new string(']', 200) + "\n";

        var document = TomlDocument.Parse(text);

        Assert.False(document.HasErrors, string.Join("\n", document.Diagnostics));
    }

    [Fact]
    public void Parse_TenMegabytes_IsFastAndLossless()
    {
        var sb = new StringBuilder();
        for (var i = 0; sb.Length < 10 << 20; i++)
        {
            sb.Append("# section ").Append(i).Append('\n').Append("[t").Append(i).Append("]\nkey = \"value\" # c\nlist = [\n  1, 2,\n  3,\n]\ninline = { a = 1, b = 'x' }\n\n");
        }

        var text = sb.ToString();
        var document = TomlDocument.Parse(Encoding.UTF8.GetBytes(text));

        Assert.False(document.HasErrors);
        Assert.Equal(text, document.ToText());
    }

    [Fact]
    public void Parse_TruncatedAndByteFlippedCorpusFiles_NeverThrowAndStayLossless()
    {
        var random = new Random(1234);
        var files = Directory.EnumerateFiles(SharedData.TomlTest, "*.toml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(SharedData.RealConfigs, "*.conf", SearchOption.AllDirectories));
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var cut in new[] { bytes.Length / 3, bytes.Length / 2, bytes.Length - 1 }.Where(c => c > 0))
            {
                AssertLossless(bytes[..cut], file);
            }

            for (var i = 0; i < 4 && bytes.Length > 0; i++)
            {
                var flipped = bytes.ToArray();
                flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                AssertLossless(flipped, file);
            }
        }
    }

    [Theory]
    [InlineData("a = 1\r")]
    [InlineData("\0")]
    [InlineData("a = 9223372036854775808")]
    [InlineData("a = -9223372036854775809")]
    [InlineData("a = 1979-02-29")]
    [InlineData("a = 1979-05-27T24:00:00")]
    public void Parse_InvalidText_HasPositionedDiagnostic(string text)
    {
        var document = TomlDocument.Parse(text, "t.toml");

        Assert.True(document.HasErrors);
        Assert.All(document.Diagnostics, d => Assert.True(d.Position.Line >= 1 && d.Position.Column >= 1));
        Assert.StartsWith("t.toml:1:", document.Diagnostics[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnpairedSurrogateInStringInput_IsRejected()
    {
        // Not theory data: xunit serializes theory arguments as UTF-8, which would replace the lone surrogates.
        foreach (var text in new[] { "a = \"x\uD800\"", "# \uDC00", "a = 'x\uD800'", "a = \"\"\"\uDC00\"\"\"" })
        {
            var document = TomlDocument.Parse(text);

            Assert.True(document.HasErrors, text);
            Assert.Contains("surrogate", document.Diagnostics[0].Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_InvalidUtf8_ReportsPositionAndKeepsBytes()
    {
        byte[] bytes = [.. "a = 1\nb = \""u8, 0xC3, 0x28, .. "\"\n"u8];

        var document = TomlDocument.Parse(bytes);

        Assert.Equal(new TomlPosition(2, 6), document.Diagnostics[0].Position);
        Assert.Equal(bytes, document.ToUtf8Bytes());
    }

    private static void AssertLossless(byte[] bytes, string file)
    {
        var document = TomlDocument.Parse(bytes, file);
        Assert.Equal(bytes, document.ToUtf8Bytes());
        Assert.All(document.Diagnostics, d => Assert.True(d.Position.Line >= 1 && d.Position.Column >= 1, d.ToString()));
        if (!document.HasErrors)
        {
            _ = TomlTaggedJson.Encode(document.Root);
        }
    }
}
