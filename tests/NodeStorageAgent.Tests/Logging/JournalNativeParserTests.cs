using System.Text;

namespace NodeStorageAgent.Tests.Logging;

/// <summary>The test's own decoder must reject malformed input, or the sink tests prove nothing.</summary>
public class JournalNativeParserTests
{
    [Fact]
    public void DecodesBothFieldForms()
    {
        var entry = Encoding.UTF8.GetBytes("MESSAGE=hi\nCUSTOM\n").Concat(BitConverter.GetBytes(3UL)).Concat("a\nb\n"u8.ToArray()).ToArray();

        var fields = JournalNativeParser.Parse(entry);

        Assert.Equal([new("MESSAGE", "hi"), new("CUSTOM", "a\nb")], fields);
    }

    [Theory]
    [InlineData("MESSAGE=hi")]              // unterminated
    [InlineData("message=hi\n")]            // lower case
    [InlineData("_PID=1\n")]                // trusted field
    [InlineData("1ABC=1\n")]                // digit first
    [InlineData("=x\n")]                    // no name
    [InlineData("MESSAGE\n\u0005\0\0\0\0\0\0\0abc\n")] // length longer than the data
    public void RejectsMalformedEntries(string entry)
    {
        Assert.Throws<FormatException>(() => JournalNativeParser.Parse(Encoding.UTF8.GetBytes(entry)));
    }
}
