using NodeStorageAgent.Metrics;

namespace NodeStorageAgent.Tests.Metrics;

public sealed class PrometheusTextTests
{
    [Theory]
    [InlineData("/mnt/plain", "/mnt/plain")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("say \"hi\"", "say \\\"hi\\\"")]
    [InlineData("two\nlines", "two\\nlines")]
    [InlineData("\\\"\n", "\\\\\\\"\\n")]
    public void LabelValues_AreEscapedPerTheExpositionFormat(string value, string escaped)
    {
        var text = new PrometheusText().Family("m", "gauge", "h").Sample("m", 1, ("path", value)).ToString();

        Assert.Equal($"# HELP m h\n# TYPE m gauge\nm{{path=\"{escaped}\"}} 1\n", text);
    }

    [Fact]
    public void Help_EscapesBackslashAndNewlineButNotQuotes()
    {
        var text = new PrometheusText().Family("m", "counter", "a \"b\" \\ c\nd").ToString();

        Assert.StartsWith("# HELP m a \"b\" \\\\ c\\nd\n# TYPE m counter\n", text);
    }

    [Fact]
    public void Family_DeclaredTwice_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new PrometheusText().Family("m", "gauge", "h").Family("m", "gauge", "h"));

    [Fact]
    public void Values_UseGoSyntaxAndSpecialValues()
    {
        Assert.Equal("0.25", PrometheusText.FormatValue(0.25));
        Assert.Equal("1764590400.123", PrometheusText.FormatValue(1764590400.123));
        Assert.Equal("+Inf", PrometheusText.FormatValue(double.PositiveInfinity));
        Assert.Equal("-Inf", PrometheusText.FormatValue(double.NegativeInfinity));
        Assert.Equal("NaN", PrometheusText.FormatValue(double.NaN));
        Assert.Equal("3", PrometheusText.FormatValue(3));
    }

    [Fact]
    public void SeveralLabels_AreCommaSeparatedInOrder()
    {
        var text = new PrometheusText().Family("m", "gauge", "h").Sample("m", 0, ("kind", "image"), ("path", "/x"), ("reason", "ok")).ToString();

        Assert.EndsWith("m{kind=\"image\",path=\"/x\",reason=\"ok\"} 0\n", text);
    }
}
