using System.Text.Json;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.Logging;
using NodeStorageAgent.Systemd;
using Serilog.Events;

namespace NodeStorageAgent.IntegrationTests.Journald;

/// <summary>Our sink against the real systemd-journald: the entries and their fields must arrive as journald
/// stores them, found by <c>journalctl NSA_STORE_PATH=…</c>.</summary>
public class JournaldSinkIntegrationTests
{
    [Fact]
    public void StructuredMultiLineAndExceptionEntriesArriveWithTheirFields()
    {
        RequirePrerequisites();
        using var journald = StandaloneJournald.Start();
        var result = AgentLogging.Create(new AgentLoggingOptions
        {
            IsDaemon = true,
            JournalSocketPath = journald.SocketPath,
            MinimumLevel = LogEventLevel.Debug,
            Environment = new EmptyEnvironment(),
            StderrIsTerminal = false,
            StderrIsJournal = false,
        });
        Assert.Equal(LogTarget.Journald, result.Target);

        using (var log = result.Logger)
        {
            log.Warning("store {StorePath} ({StoreKind}) is {Health}; {Action} at generation {Generation}",
                "/mnt/nfs-images", "Image", "Unreachable", "RemoveStore", 7);
            log.Information("rendered:\n{Conf:l}", "[storage]\ndriver = \"overlay\"");
            log.Error(new IOException("Transport endpoint is not connected"), "probe of {StorePath} failed", "/mnt/fuse-broken");
        }

        var entry = journald.WaitForEntry("NSA_STORE_PATH=/mnt/nfs-images");
        Assert.Equal("store /mnt/nfs-images (Image) is Unreachable; RemoveStore at generation 7", Field(entry, "MESSAGE"));
        Assert.Equal("4", Field(entry, "PRIORITY"));
        Assert.Equal("node-storage-agent", Field(entry, "SYSLOG_IDENTIFIER"));
        Assert.Equal("Image", Field(entry, "NSA_STORE_KIND"));
        Assert.Equal("Unreachable", Field(entry, "NSA_HEALTH"));
        Assert.Equal("RemoveStore", Field(entry, "NSA_ACTION"));
        Assert.Equal("7", Field(entry, "NSA_GENERATION"));
        Assert.Equal("journal", Field(entry, "_TRANSPORT"));
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), Field(entry, "_PID"));

        var multiLine = journald.WaitForEntry("NSA_CONF=[storage]\ndriver = \"overlay\"");
        Assert.Equal("rendered:\n[storage]\ndriver = \"overlay\"", Field(multiLine, "MESSAGE"));

        var failure = journald.WaitForEntry("NSA_STORE_PATH=/mnt/fuse-broken");
        Assert.Equal("3", Field(failure, "PRIORITY"));
        Assert.Equal("System.IO.IOException: Transport endpoint is not connected", Field(failure, "EXCEPTION"));
    }

    [Fact]
    public void AnEntryLargerThanADatagramArrivesWholeThroughTheMemfd()
    {
        RequirePrerequisites();
        using var journald = StandaloneJournald.Start();
        var big = string.Join('\n', Enumerable.Range(0, 40_000).Select(i => $"line {i}"));
        var sink = new JournaldSink(journald.SocketPath);
        using (var log = new Serilog.LoggerConfiguration().WriteTo.Sink(sink).CreateLogger())
        {
            log.Information("dump of {StorePath}: {Dump:l}", "/mnt/big", big);
        }

        Assert.Equal(1, sink.SentViaMemfd);
        var entry = journald.WaitForEntry("NSA_STORE_PATH=/mnt/big");
        Assert.Equal(big, Field(entry, "NSA_DUMP"));
        Assert.Equal("dump of /mnt/big: " + big, Field(entry, "MESSAGE"));
    }

    /// <summary>The shipped binary (NativeAOT under scripts/test.sh) as a daemon inside journald's mount namespace,
    /// where <c>/run/systemd/journal/socket</c> is this journald's: its entries arrive with their <c>NSA_*</c> fields
    /// and our pid, so the sink works without the JIT as well.</summary>
    [Fact]
    public void ThePublishedDaemonLogsStructuredEntriesToJournald()
    {
        RequirePrerequisites();
        using var journald = StandaloneJournald.Start();
        using var sandbox = new AgentSandbox();
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")]));
        var agent = sandbox.StartRunUnder(["nsenter", "--target", journald.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--mount", "--"]);
        sandbox.WaitForSettled(generation: 1, restarts: 1);
        agent.StopCleanly();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        List<System.Text.Json.JsonElement> applied;
        while ((applied = AppliedGenerationOne(journald)).Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(50);
        }

        var entry = Assert.Single(applied);
        Assert.Equal("6", Field(entry, "PRIORITY"));
        Assert.Equal("journal", Field(entry, "_TRANSPORT"));
        Assert.Equal(agent.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), Field(entry, "_PID"));
    }

    private static List<System.Text.Json.JsonElement> AppliedGenerationOne(StandaloneJournald journald) =>
        [.. journald.Query("NSA_GENERATION=1", "SYSLOG_IDENTIFIER=node-storage-agent")
            .Where(e => Field(e, "MESSAGE")?.StartsWith("Applied generation 1 ", StringComparison.Ordinal) == true)];

    private static void RequirePrerequisites()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("unshare");
        Prerequisites.RequireCommand("nsenter");
        Prerequisites.RequireCommand("journalctl");
        Prerequisites.Require(File.Exists(StandaloneJournald.Binary), StandaloneJournald.Binary);
    }

    private static string? Field(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) ? value.GetString() : null;

    private sealed class EmptyEnvironment : IProcessEnvironment
    {
        public int ProcessId => Environment.ProcessId;

        public string? Get(string name) => name == SystemdConstants.InvocationId ? "integration-test" : null;

        public void Remove(string name)
        {
        }
    }
}
