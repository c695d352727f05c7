using NodeStorageAgent.Metrics;

namespace NodeStorageAgent.Tests.Metrics;

public sealed class MetricsOptionsTests
{
    [Theory]
    [InlineData("off")]
    [InlineData("")]
    [InlineData(null)]
    public void Off_DisablesTheExport(string? value)
    {
        var options = MetricsOptions.Parse(value, out var problem);

        Assert.Null(problem);
        Assert.Null(options.FilePath);
    }

    [Fact]
    public void ADirectory_NamesTheFileInIt()
    {
        var options = MetricsOptions.Parse("/var/lib/node_exporter/textfile_collector/", out var problem);

        Assert.Null(problem);
        Assert.Equal("/var/lib/node_exporter/textfile_collector/node-storage-agent.prom", options.FilePath);
    }

    [Fact]
    public void ARelativeDirectory_IsRejected()
    {
        MetricsOptions.Parse("textfile", out var problem);

        Assert.NotNull(problem);
    }

    [Fact]
    public void TheDefault_IsOpenShiftsTextfileDirectory_AndEndsInProm() =>
        Assert.Equal("/var/node_exporter/textfile/node-storage-agent.prom", new MetricsOptions().FilePath);
}
