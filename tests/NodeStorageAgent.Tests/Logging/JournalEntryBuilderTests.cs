using FsCheck;
using FsCheck.Fluent;
using NodeStorageAgent.Logging;

namespace NodeStorageAgent.Tests.Logging;

public class JournalEntryBuilderTests
{
    [Fact]
    public void SingleLineValuesUseTheTextFormAndMultiLineValuesTheBinaryForm()
    {
        var bytes = new JournalEntryBuilder().Add("MESSAGE", "one").Add("NSA_X", "a\nb").ToArray();

        Assert.Equal("MESSAGE=one\nNSA_X\n"u8.ToArray().Concat(BitConverter.GetBytes(3UL)).Concat("a\nb\n"u8.ToArray()), bytes);
    }

    [Fact]
    public void BinaryLengthCountsUtf8Bytes()
    {
        var fields = JournalNativeParser.Parse(new JournalEntryBuilder().Add("MESSAGE", "größe\n→ü").ToArray());

        Assert.Equal("größe\n→ü", fields.Single("MESSAGE"));
    }

    [Fact]
    public void InvalidNamesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new JournalEntryBuilder().Add("_PID", "1"));
        Assert.Throws<ArgumentException>(() => new JournalEntryBuilder().Add("lower", "1"));
    }

    [Fact]
    public void AnyValueRoundTripsThroughTheStrictParser()
    {
        Prop.ForAll<NonNull<string>, NonNull<string>>((first, second) =>
        {
            // Lone surrogates are not representable in UTF-8; the journal receives what UTF8Encoding makes of them.
            var a = Utf8RoundTrip(first.Get);
            var b = Utf8RoundTrip(second.Get);
            var fields = JournalNativeParser.Parse(new JournalEntryBuilder().Add("MESSAGE", a).Add("NSA_VALUE", b).ToArray());
            return fields.Count == 2 && fields[0].Value == a && fields[1].Value == b;
        }).QuickCheckThrowOnFailure();
    }

    private static string Utf8RoundTrip(string s) => System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(s));
}
