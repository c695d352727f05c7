using System.Diagnostics;
using NodeStorageAgent.Logging;
using NodeStorageAgent.Tests.Systemd;
using Serilog;
using Serilog.Events;

namespace NodeStorageAgent.Tests.Logging;

public class JournaldSinkTests
{
    private static readonly string[] Paths = ["/a", "/b"];

    [Fact]
    public void StructuredEventArrivesWithOurFields()
    {
        using var journal = UnixDatagramListener.BindPath("socket");
        using (var log = Logger(new JournaldSink(journal.Address)))
        {
            log.ForContext("SourceContext", "NodeStorageAgent.Probing.StoreProber")
                .Warning("store {StorePath} ({StoreKind}) is {Health} at generation {Generation}; {Action}",
                    "/mnt/nfs-images", "Image", "Unreachable", 7, "RemoveStore");
        }

        var fields = JournalNativeParser.Parse(journal.Receive().Payload);

        Assert.Equal("store /mnt/nfs-images (Image) is Unreachable at generation 7; RemoveStore", fields.Single("MESSAGE"));
        Assert.Equal("4", fields.Single("PRIORITY"));
        Assert.Equal("node-storage-agent", fields.Single("SYSLOG_IDENTIFIER"));
        Assert.Equal("store {StorePath} ({StoreKind}) is {Health} at generation {Generation}; {Action}", fields.Single("MESSAGE_TEMPLATE"));
        Assert.Equal("/mnt/nfs-images", fields.Single("NSA_STORE_PATH"));
        Assert.Equal("Image", fields.Single("NSA_STORE_KIND"));
        Assert.Equal("Unreachable", fields.Single("NSA_HEALTH"));
        Assert.Equal("7", fields.Single("NSA_GENERATION"));
        Assert.Equal("RemoveStore", fields.Single("NSA_ACTION"));
        Assert.Equal("NodeStorageAgent.Probing.StoreProber", fields.Single("NSA_SOURCE_CONTEXT"));
        Assert.DoesNotContain(fields, f => f.Key == "EXCEPTION");
    }

    [Fact]
    public void MultiLineMessageUsesTheBinaryForm()
    {
        using var journal = UnixDatagramListener.BindPath("socket");
        using (var log = Logger(new JournaldSink(journal.Address)))
        {
            log.Information("rendered storage.conf:\n{Conf:l}", "[storage]\ndriver = \"overlay\"\n");
        }

        var payload = journal.Receive().Payload;
        var fields = JournalNativeParser.Parse(payload);

        Assert.Equal("rendered storage.conf:\n[storage]\ndriver = \"overlay\"\n", fields.Single("MESSAGE"));
        Assert.Equal("[storage]\ndriver = \"overlay\"\n", fields.Single("NSA_CONF"));
        Assert.Equal("MESSAGE\n"u8.ToArray(), payload[.."MESSAGE\n".Length]);
    }

    [Fact]
    public void ExceptionGoesToExceptionAndItsGistToMessage()
    {
        using var journal = UnixDatagramListener.BindPath("socket");
        var exception = Thrown(new IOException("Transport endpoint is not connected"));
        using (var log = Logger(new JournaldSink(journal.Address)))
        {
            log.Error(exception, "probe of {StorePath} failed", "/mnt/fuse");
        }

        var fields = JournalNativeParser.Parse(journal.Receive().Payload);

        Assert.Equal("3", fields.Single("PRIORITY"));
        Assert.Equal("probe of /mnt/fuse failed (System.IO.IOException: Transport endpoint is not connected)", fields.Single("MESSAGE"));
        Assert.Equal(exception.ToString(), fields.Single("EXCEPTION"));
        Assert.Contains("\n", fields.Single("EXCEPTION"), StringComparison.Ordinal); // the stack trace, binary form
    }

    [Theory]
    [InlineData(LogEventLevel.Verbose, "7")]
    [InlineData(LogEventLevel.Debug, "7")]
    [InlineData(LogEventLevel.Information, "6")]
    [InlineData(LogEventLevel.Warning, "4")]
    [InlineData(LogEventLevel.Error, "3")]
    [InlineData(LogEventLevel.Fatal, "2")]
    public void PriorityFollowsRfc5424(LogEventLevel level, string priority)
    {
        using var journal = UnixDatagramListener.BindPath("socket");
        using (var log = Logger(new JournaldSink(journal.Address)))
        {
            log.Write(level, "x");
        }

        Assert.Equal(priority, JournalNativeParser.Parse(journal.Receive().Payload).Single("PRIORITY"));
    }

    [Fact]
    public void ScalarsArePlainTextAndStructuresUseSerilogRendering()
    {
        using var journal = UnixDatagramListener.BindPath("socket");
        using (var log = Logger(new JournaldSink(journal.Address)))
        {
            log.Information("{Flag} {Ratio} {When} {Paths} {Missing}", true, 0.5, new DateTimeOffset(2026, 11, 21, 14, 2, 0, TimeSpan.Zero),
                Paths, (string?)null);
        }

        var fields = JournalNativeParser.Parse(journal.Receive().Payload);

        Assert.Equal("true", fields.Single("NSA_FLAG"));
        Assert.Equal("0.5", fields.Single("NSA_RATIO"));
        Assert.Equal("2026-11-21T14:02:00.0000000+00:00", fields.Single("NSA_WHEN"));
        Assert.Equal("[\"/a\", \"/b\"]", fields.Single("NSA_PATHS"));
        Assert.Equal("null", fields.Single("NSA_MISSING"));
    }

    [Fact]
    public void EntryTooLargeForADatagramGoesThroughASealedMemfd()
    {
        using var journal = UnixDatagramListener.BindPath("socket");
        var big = string.Join('\n', Enumerable.Range(0, 40_000).Select(i => $"line {i}"));
        var sink = new JournaldSink(journal.Address);
        using (var log = Logger(sink))
        {
            log.Information("dump {Dump:l}", big);
            Assert.Equal(1, sink.SentViaMemfd);
            Assert.Equal(0, sink.Undelivered);
        }

        var (payload, fdContent) = journal.Receive();

        Assert.Empty(payload);
        Assert.NotNull(fdContent);
        Assert.True(fdContent.Length > 212_992, $"entry of {fdContent.Length} bytes would have fit a default datagram");
        var fields = JournalNativeParser.Parse(fdContent);
        Assert.Equal("dump " + big, fields.Single("MESSAGE"));
        Assert.Equal(big, fields.Single("NSA_DUMP"));
    }

    [Fact]
    public void MissingSocketHandsEventsToTheFallbackWithoutThrowing()
    {
        var directory = Directory.CreateTempSubdirectory("nsa-journal-").FullName;
        try
        {
            var fallback = new CollectingSink();
            var sink = new JournaldSink(Path.Combine(directory, "socket"), fallback: fallback);
            using (var log = Logger(sink))
            {
                log.Warning("one");
                log.Error("two");
            }

            Assert.Equal(["one", "two"], fallback.Events.Select(e => e.RenderMessage()));
            Assert.Equal(2, sink.Undelivered);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A journald that does not read: the queue fills, and the caller must still not wait more than a
    /// send timeout now and then (the sink sheds load to the fallback for a second after a timeout).</summary>
    [Fact]
    public void AJournalThatDoesNotReadDoesNotBlockTheCaller()
    {
        using var journal = UnixDatagramListener.BindPath("socket");
        journal.ShrinkReceiveBuffer();
        var fallback = new CollectingSink();
        var sink = new JournaldSink(journal.Address, fallback: fallback, sendTimeout: TimeSpan.FromMilliseconds(100));
        using (var log = Logger(sink))
        {
            for (var i = 0; i < 2_000; i++)
            {
                log.Information("event {Number} {Padding:l}", i, new string('x', 200));
            }
        }

        // Not blocked: the run got here (the test's own timeout bounds it), and the events the journal could not take
        // went to the fallback instead of waiting for room.
        Assert.True(sink.Undelivered > 0);
        Assert.Equal(sink.Undelivered, fallback.Events.Count);
    }

    private static Serilog.Core.Logger Logger(JournaldSink sink) =>
        new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger();

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
