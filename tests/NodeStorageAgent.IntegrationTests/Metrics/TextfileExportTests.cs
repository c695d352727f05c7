using System.Text.Json;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.Metrics;
using NodeStorageAgent.Reconcile;

namespace NodeStorageAgent.IntegrationTests.Metrics;

/// <summary>
/// The real agent binary writes its node-exporter textfile in the sandbox; promtool accepts it, and a real
/// node-exporter serves it, agreeing with <c>status -o json</c>.
/// </summary>
public sealed class TextfileExportTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    private static string MetricsFile(AgentSandbox sandbox, string directory = MetricsOptions.DefaultTextfileDirectory) =>
        sandbox.Host(directory + "/" + MetricsOptions.FileName);

    private static AgentStatus StatusJson(AgentSandbox sandbox)
    {
        var result = sandbox.Cli("status", "-o", "json");
        return JsonSerializer.Deserialize(result.Stdout, AgentStatusJsonContext.Default.AgentStatus) ?? throw new InvalidOperationException(result.ToString());
    }

    /// <summary>Waits for a heartbeat after the current one: the report that wrote the current status has finished,
    /// metrics export included (it follows the status write).</summary>
    private static void WaitForNextReport(AgentSandbox sandbox)
    {
        var heartbeat = sandbox.Status()!.HeartbeatUtc;
        sandbox.WaitForStatus(s => s.HeartbeatUtc > heartbeat, s_wait, "a later status report");
    }

    [Fact]
    public void Run_WritesAFilePromtoolAccepts_ThatNodeExporterServesAsStatusReportsIt()
    {
        using var sandbox = new AgentSandbox();
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a"), "/mnt/img-missing"], artifacts: [sandbox.ArtifactStore("/mnt/models")]));
        var agent = sandbox.StartRun();
        sandbox.WaitForStatus(s => s.Generation == 1 && s.PendingActions.Count == 0 && s.Stores.Count == 3 && sandbox.Restarts == 1, s_wait, "generation 1 applied with 3 stores");
        WaitForNextReport(sandbox);
        var file = MetricsFile(sandbox);

        var check = Promtool.CheckMetrics(file);
        Assert.True(check.ExitCode == 0 && check.Stdout + check.Stderr == "", $"promtool check metrics:\n{check}\n{File.ReadAllText(file)}");
        Assert.Equal([MetricsOptions.FileName], Directory.GetFiles(Path.GetDirectoryName(file)!).Select(Path.GetFileName)); // no temp file left

        using var exporter = NodeExporter.Start(Path.GetDirectoryName(file)!);
        var served = exporter.Scrape();
        var status = StatusJson(sandbox);

        Assert.Equal(0, served["node_textfile_scrape_error"]);
        Assert.Equal(3, status.Stores.Count);
        foreach (var store in status.Stores)
        {
            Assert.Equal(store.InConfig ? 1 : 0, served[$"node_storage_agent_store_in_config{{kind=\"{store.Kind}\",path=\"{store.Path}\"}}"]);
            Assert.Equal(store.Health == "healthy" ? 1 : 0, served[$"node_storage_agent_store_healthy{{kind=\"{store.Kind}\",path=\"{store.Path}\",reason=\"{store.Reason}\"}}"]);
        }

        Assert.Contains(status.Stores, s => s is { Path: "/mnt/img-missing", InConfig: false, Health: "unhealthy", Reason: "missing" });
        Assert.Equal(status.Generation, served["node_storage_agent_applied_generation"]);
        Assert.Equal(1, served[$"node_storage_agent_health{{state=\"{status.Health.ToString().ToLowerInvariant()}\"}}"]);
        Assert.Equal(1, served["node_storage_agent_node_safe"]);
        Assert.Equal(0, served["node_storage_agent_config_held_back"]);
        Assert.Equal(sandbox.Restarts, served["node_storage_agent_crio_restarts_total"]);
        Assert.Equal(0, served["node_storage_agent_rollbacks_total"]);
        Assert.Equal(status.StartedUtc.ToUnixTimeMilliseconds() / 1000.0, served["node_storage_agent_start_time_seconds"], 3);
        Assert.InRange(served["node_storage_agent_last_reconcile_timestamp_seconds"],
            status.StartedUtc.ToUnixTimeMilliseconds() / 1000.0, status.LastReconcileUtc!.Value.ToUnixTimeMilliseconds() / 1000.0);
        Assert.True(served["node_storage_agent_probe_duration_seconds_count"] >= 3, "every store was probed at least once");
        Assert.Equal(served["node_storage_agent_probe_duration_seconds_count"], served["node_storage_agent_probe_duration_seconds_bucket{le=\"+Inf\"}"]);
        agent.StopCleanly();
    }

    [Fact]
    public void Run_ARollback_IsCountedAndTheHeldConfigShows()
    {
        using var sandbox = new AgentSandbox();
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")]));
        var agent = sandbox.StartRun(["--crio-start-timeout", "1s", .. AgentSandbox.RetryingRunOptions]);
        sandbox.WaitForSettled(generation: 1, restarts: 1);

        // CRI-O fails while storage.conf names a store called BROKEN: the agent rolls back and holds that config.
        sandbox.SetCrioMode("config", sandbox.StorageConf);
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a"), sandbox.ImageStore("/mnt/BROKEN-img")]));
        var file = MetricsFile(sandbox);
        sandbox.WaitUntil(() => File.Exists(file) && File.ReadAllText(file).Contains("node_storage_agent_config_held_back 1\n", StringComparison.Ordinal),
            s_wait, "the held config in the metrics file");

        var metrics = NodeExporter.Parse(File.ReadAllText(file));
        Assert.Equal(1, metrics["node_storage_agent_rollbacks_total"]);
        Assert.Equal(1, metrics["node_storage_agent_activation_failures_total"]);
        Assert.Equal(sandbox.Restarts, metrics["node_storage_agent_crio_restarts_total"]);
        Assert.Equal(sandbox.LoadState().State.Generation, metrics["node_storage_agent_applied_generation"]);
        Assert.Equal(1, metrics["node_storage_agent_health{state=\"degraded\"}"]);
        Assert.True(Promtool.CheckMetrics(file) is { ExitCode: 0 } check, "promtool check metrics");
        agent.StopCleanly();
    }

    [Fact]
    public void Run_MetricsTextfileDir_MovesTheFile_AndOffWritesNone()
    {
        using var moved = new AgentSandbox();
        moved.WriteDesired(AgentSandbox.Desired(images: [moved.ImageStore("/mnt/img-a")]));
        var agent = moved.StartRun(["--metrics-textfile-dir", "/var/lib/node_exporter/textfile_collector"]);
        moved.WaitForSettled(generation: 1, restarts: 1);
        WaitForNextReport(moved);
        Assert.True(File.Exists(MetricsFile(moved, "/var/lib/node_exporter/textfile_collector")));
        Assert.False(File.Exists(MetricsFile(moved)));
        agent.StopCleanly();

        using var off = new AgentSandbox();
        off.WriteDesired(AgentSandbox.Desired(images: [off.ImageStore("/mnt/img-a")]));
        agent = off.StartRun(["--metrics-textfile-dir", "off"]);
        off.WaitForSettled(generation: 1, restarts: 1);
        WaitForNextReport(off);
        Assert.False(Directory.Exists(off.Host(MetricsOptions.DefaultTextfileDirectory)));
        agent.StopCleanly();
    }
}
