using Microsoft.Extensions.Time.Testing;
using NodeStorageAgent.Apply;
using NodeStorageAgent.Metrics;
using NodeStorageAgent.Reconcile;
using static NodeStorageAgent.Tests.Metrics.MetricsSamples;

using NodeStorageAgent.StateMachine;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Tests.Metrics;

public sealed class TextfileMetricsWriterTests : IDisposable
{
    private static readonly TimeSpan s_resync = TimeSpan.FromSeconds(60);
    private readonly string _root = Directory.CreateTempSubdirectory("nsa-metrics-").FullName;
    private readonly FakeTimeProvider _time = new(Started);
    private readonly AgentCounters _counters = new();

    private string File => Path.Combine(_root, "var/node_exporter/textfile/node-storage-agent.prom");

    private TextfileMetricsWriter Writer(MetricsOptions? options = null) =>
        new(new NodeRoot(_root), options ?? new MetricsOptions(), new AtomicFileWriter(), _counters, s_resync, _time, Serilog.Core.Logger.None);

    private string Read() => System.IO.File.ReadAllText(File);

    [Fact]
    public void FirstReport_CreatesTheDirectoryAndTheFile_WithNoTempFileLeft()
    {
        Writer().Export(Status(stores: Store("/mnt/a")), new AgentState(), []);

        Assert.Contains("node_storage_agent_store_healthy{kind=\"image\",path=\"/mnt/a\",reason=\"ok\"} 1\n", Read());
        Assert.Equal(["node-storage-agent.prom"], Directory.GetFiles(Path.GetDirectoryName(File)!).Select(Path.GetFileName));
    }

    [Fact]
    public void ProbesAlone_AreWrittenOncePerResync_NotOnEveryReport()
    {
        var writer = Writer();
        writer.Export(Status(stores: Store("/mnt/a")), new AgentState(), []);
        var first = Read();

        _counters.ObserveProbe(TimeSpan.FromMilliseconds(3));
        _time.Advance(s_resync - TimeSpan.FromSeconds(1));
        writer.Export(Status(stores: Store("/mnt/a")), new AgentState(), []);
        Assert.Equal(first, Read());

        _time.Advance(TimeSpan.FromSeconds(1));
        writer.Export(Status(stores: Store("/mnt/a")), new AgentState(), []);
        Assert.Contains("node_storage_agent_probe_duration_seconds_count 1\n", Read());
    }

    [Fact]
    public void AStateChange_IsWrittenAtOnce()
    {
        var writer = Writer();
        writer.Export(Status(stores: Store("/mnt/a")), new AgentState(), []);

        _time.Advance(TimeSpan.FromMilliseconds(200));
        writer.Export(Status(AgentHealth.Degraded, null, Store("/mnt/a", "unhealthy", "dead-mount", inConfig: false)), new AgentState(), []);

        Assert.Contains("node_storage_agent_store_in_config{kind=\"image\",path=\"/mnt/a\"} 0\n", Read());
    }

    [Fact]
    public void AHeldConfig_IsReadFromTheLastPassDiagnostics()
    {
        Writer().Export(Status(), new AgentState(), [NodeStorageAgent.Diagnostics.Diagnostic.Warning(ReconcileCodes.FailedGenerationHeld, "not applying")]);

        Assert.Contains("node_storage_agent_config_held_back 1\n", Read());
    }

    [Fact]
    public void ATempFileACrashLeftBehind_IsRemovedBeforeTheFirstWrite_OthersFilesStay()
    {
        var directory = Path.GetDirectoryName(File)!;
        Directory.CreateDirectory(directory);
        System.IO.File.WriteAllText(Path.Combine(directory, ".nsa-node-storage-agent.prom.0123456789ab"), "# torn");
        System.IO.File.WriteAllText(Path.Combine(directory, "other-exporter.prom"), "other 1\n");
        System.IO.File.WriteAllText(Path.Combine(directory, ".other-exporter.prom.tmp"), "other 2\n");

        Writer().Export(Status(stores: Store("/mnt/a")), new AgentState(), []);

        Assert.Equal([".other-exporter.prom.tmp", "node-storage-agent.prom", "other-exporter.prom"],
            Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Off_WritesNothing()
    {
        Writer(MetricsOptions.Disabled).Export(Status(stores: Store("/mnt/a")), new AgentState(), []);

        Assert.False(Directory.Exists(Path.Combine(_root, "var")));
    }

    [Fact]
    public void AFailedWrite_IsRetriedOnTheNextReport()
    {
        var directory = Path.GetDirectoryName(File)!;
        Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
        System.IO.File.WriteAllText(directory, "a file where the directory should be");
        var writer = Writer();
        writer.Export(Status(stores: Store("/mnt/a")), new AgentState(), []);

        System.IO.File.Delete(directory);
        writer.Export(Status(stores: Store("/mnt/a")), new AgentState(), []);

        Assert.Contains("path=\"/mnt/a\"", Read());
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
