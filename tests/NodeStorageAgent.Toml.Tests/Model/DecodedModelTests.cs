namespace NodeStorageAgent.Toml.Tests.Model;

public class DecodedModelTests
{
    private const string Text =
        "\uFEFF# head\n" +
        "[storage]\n" +
        "  driver = \"overlay\"\n" +
        "[storage.options]\n" +
        "pull_options = {a = 1, b.c = 'x'}\n" +
        "[[runtimes]]\n" +
        "when = 1979-05-27T07:32:00.123456789-07:00\n" +
        "[[runtimes]]\n" +
        "when = 07:32:00\n";

    [Fact]
    public void Root_PositionsPointAtWhereThingsAreWritten()
    {
        var root = TomlDocument.Parse(Text).Root;
        var storage = (TomlTable)root["storage"];

        Assert.True(storage.TryGetKeyPosition("driver", out var keyPosition));
        Assert.Equal(new TomlPosition(3, 3), keyPosition);
        Assert.Equal(new TomlPosition(3, 12), storage["driver"].Position);
        Assert.Equal(new TomlPosition(2, 1), storage.Position);
        Assert.False(storage.TryGetKeyPosition("nope", out _));
        Assert.True(root.TryGetKeyPosition("storage", out var headerKey));
        Assert.Equal(new TomlPosition(2, 2), headerKey);
    }

    [Fact]
    public void Root_KeepsTableKindsAndKeyOrder()
    {
        var root = TomlDocument.Parse(Text).Root;
        var options = (TomlTable)((TomlTable)root["storage"])["options"];
        var pull = (TomlTable)options["pull_options"];
        var runtimes = (TomlArray)root["runtimes"];

        Assert.Equal(["storage", "runtimes"], root.Keys);
        Assert.True(pull.IsInline);
        Assert.True(((TomlTable)pull["b"]).IsInline);
        Assert.False(options.IsInline);
        Assert.True(runtimes.IsArrayOfTables);
        Assert.All(runtimes, t => Assert.True(((TomlTable)t).IsArrayOfTablesElement));
    }

    [Fact]
    public void Root_DateTimesKeepKindAndExactValue()
    {
        var runtimes = (TomlArray)TomlDocument.Parse(Text).Root["runtimes"];
        var offset = (TomlDateTime)((TomlTable)runtimes[0])["when"];
        var local = (TomlDateTime)((TomlTable)runtimes[1])["when"];

        Assert.Equal(TomlValueKind.OffsetDateTime, offset.Kind);
        Assert.Equal("1979-05-27T07:32:00.123456789-07:00", offset.ToString());
        Assert.Equal(new DateTimeOffset(1979, 5, 27, 7, 32, 0, 123, TimeSpan.FromHours(-7)).AddTicks(4567), offset.ToDateTimeOffset());
        Assert.Equal(TomlValueKind.LocalTime, local.Kind);
        Assert.Equal(new TimeOnly(7, 32), local.Time);
        Assert.Null(local.Date);
    }

    [Theory]
    [InlineData("a = 1\na = 2\n", 2, 1, "duplicate key 'a'")]
    [InlineData("[a]\nb = 1\n[a]\n", 3, 2, "cannot define table 'a'")]
    [InlineData("a = [1]\n[[a]]\n", 2, 3, "static array")]
    [InlineData("a = {b = 1}\na.c = 2\n", 2, 1, "inline table")]
    [InlineData("x = \"abc\n", 1, 5, "unterminated string")]
    [InlineData("x = 1 y = 2\n", 1, 7, "line break")]
    [InlineData("[t\nx = 1\n", 1, 3, "expected ']'")]
    [InlineData("x = 0777\n", 1, 5, "leading zeros")]
    public void Parse_Error_IsReportedWhereItHappens(string text, int line, int column, string message)
    {
        var document = TomlDocument.Parse(text, "f.toml");

        var diagnostic = Assert.Single(document.Diagnostics);
        Assert.Equal(new TomlPosition(line, column), diagnostic.Position);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.StartsWith($"f.toml:{line}:{column}: error: ", diagnostic.ToString(), StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => document.Root);
    }
}
