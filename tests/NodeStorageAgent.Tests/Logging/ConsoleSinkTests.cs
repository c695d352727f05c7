using NodeStorageAgent.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace NodeStorageAgent.Tests.Logging;

public class ConsoleSinkTests
{
    [Theory]
    [InlineData(LogEventLevel.Debug, "<7>")]
    [InlineData(LogEventLevel.Information, "<6>")]
    [InlineData(LogEventLevel.Warning, "<4>")]
    [InlineData(LogEventLevel.Error, "<3>")]
    [InlineData(LogEventLevel.Fatal, "<2>")]
    public void SystemdLinesCarryThePriorityPrefix(LogEventLevel level, string prefix)
    {
        var output = new StringWriter();
        using (var log = Logger(new SystemdConsoleSink(output)))
        {
            log.Write(level, "store {StorePath} checked", "/mnt/x");
        }

        Assert.Equal($"{prefix}store /mnt/x checked\n", output.ToString());
    }

    [Fact]
    public void OneEventIsOneSystemdLineEvenWithNewlinesAndAnException()
    {
        var output = new StringWriter();
        using (var log = Logger(new SystemdConsoleSink(output)))
        {
            log.Error(new InvalidOperationException("bad\nthing"), "first\r\nsecond {Conf:l}", "a\nb");
            log.Information("next");
        }

        var lines = output.ToString().Split('\n');
        Assert.Equal(3, lines.Length); // two events and the empty tail
        Assert.StartsWith("<3>first  second a b System.InvalidOperationException: bad thing", lines[0], StringComparison.Ordinal);
        Assert.Equal("<6>next", lines[1]);
        Assert.Equal("", lines[2]);
    }

    [Fact]
    public void HumanLinesNameTheLevelAndKeepTheExceptionBelow()
    {
        var output = new StringWriter();
        using (var log = Logger(new HumanConsoleSink(output)))
        {
            log.Warning("store {StorePath} is slow", "/mnt/x");
            log.Error(new InvalidOperationException("boom"), "apply failed");
        }

        Assert.Equal($"warning: store /mnt/x is slow\nerror: apply failed\n{new InvalidOperationException("boom")}\n", output.ToString());
    }

    private static Logger Logger(ILogEventSink sink) => new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger();
}
