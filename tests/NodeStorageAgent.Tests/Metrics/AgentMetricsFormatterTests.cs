using NodeStorageAgent.Activation;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.StateMachine;
using NodeStorageAgent.Apply;
using NodeStorageAgent.Metrics;
using NodeStorageAgent.Reconcile;
using static NodeStorageAgent.Tests.Metrics.MetricsSamples;

namespace NodeStorageAgent.Tests.Metrics;

public sealed class AgentMetricsFormatterTests
{
    [Fact]
    public void EverySample_FollowsTheHelpAndTypeOfItsFamily_AndEveryNameHasThePrefix()
    {
        var document = AgentMetricsFormatter.Format(Input(Status(AgentHealth.Degraded, null,
            Store("/mnt/a"), Store("/var/lib/stargz-store/store", "unhealthy", "dead-mount", inConfig: false, kind: "layer"))));
        var declared = new Dictionary<string, string>();
        string? current = null;

        foreach (var line in (document.State + document.Activity).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                current = line.Split(' ')[2];
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(current, parts[2]); // TYPE right after its HELP
                declared.Add(parts[2], parts[3]);
                continue;
            }

            var name = line.Split('{', ' ')[0];
            var family = declared.Keys.SingleOrDefault(f => name == f || (declared[f] == "histogram" && name is var n && (n == f + "_bucket" || n == f + "_sum" || n == f + "_count")));
            Assert.True(family == current, $"sample {line} is not under its family's HELP/TYPE (current {current})");
        }

        Assert.All(declared.Keys, name => Assert.StartsWith(AgentMetricsFormatter.Prefix, name));
        Assert.All(declared.Where(d => d.Value == "counter"), d => Assert.EndsWith("_total", d.Key));
        Assert.All(declared.Where(d => d.Value != "counter"), d => Assert.DoesNotContain("_total", d.Key));
    }

    [Fact]
    public void Stores_AreReportedWithHealthReasonAndInConfig()
    {
        var document = AgentMetricsFormatter.Format(Input(Status(AgentHealth.Degraded, null,
            Store("/mnt/a"),
            Store("/var/lib/stargz-store/store", "degraded", "plugin-not-mounted", kind: "layer"),
            Store("/mnt/dead", "unhealthy", "dead-mount", inConfig: false))));

        var samples = Samples(document.State);

        Assert.Equal(1, samples["node_storage_agent_store_healthy{kind=\"image\",path=\"/mnt/a\",reason=\"ok\"}"]);
        Assert.Equal(0, samples["node_storage_agent_store_healthy{kind=\"layer\",path=\"/var/lib/stargz-store/store\",reason=\"plugin-not-mounted\"}"]);
        Assert.Equal(0, samples["node_storage_agent_store_healthy{kind=\"image\",path=\"/mnt/dead\",reason=\"dead-mount\"}"]);
        Assert.Equal(1, samples["node_storage_agent_store_in_config{kind=\"layer\",path=\"/var/lib/stargz-store/store\"}"]);
        Assert.Equal(0, samples["node_storage_agent_store_in_config{kind=\"image\",path=\"/mnt/dead\"}"]);
        Assert.Equal(1, samples["node_storage_agent_health{state=\"degraded\"}"]);
        Assert.Equal(0, samples["node_storage_agent_health{state=\"healthy\"}"]);
        Assert.Equal(1, samples["node_storage_agent_node_safe"]); // the dead store is out of the config
    }

    [Fact]
    public void NodeSafe_IsZeroWhileAStoreInTheConfigFailsItsProbe_OrARollbackFailed_OrBeforeTheFirstPass()
    {
        Assert.False(AgentMetricsFormatter.IsNodeSafe(Input(Status(AgentHealth.Degraded, null, Store("/mnt/a", "unhealthy", "hung")))));
        Assert.False(AgentMetricsFormatter.IsNodeSafe(Input(Status(AgentHealth.Starting))));
        var counters = new AgentCounters();
        counters.Record(new KnownGoodNotRestored([]), ActivationKind.Rollback);
        Assert.False(AgentMetricsFormatter.IsNodeSafe(Input(Status(), counters: counters)));
        Assert.True(AgentMetricsFormatter.IsNodeSafe(Input(Status(AgentHealth.Healthy, null, Store("/mnt/a")))));
    }

    [Fact]
    public void GenerationHeldCountersAndTimes_ComeFromStateCountersAndStatus()
    {
        var counters = new AgentCounters();
        counters.Record(new CrioRestarted("d", "inv-2"), ActivationKind.Restart);
        counters.Record(new CrioRestartFailed("d", new Diagnostic("NSA4503", DiagnosticSeverity.Error, "failed")), ActivationKind.Restart);
        counters.Record(new CrioRestarted("d", "inv-3"), ActivationKind.Rollback);
        counters.ObserveProbe(TimeSpan.FromMilliseconds(20));
        var restarted = Started.AddSeconds(10.5);
        var state = new AgentState { Generation = 7, LastRestartUtc = restarted, FailedDigest = "sha256:bad" };

        var document = AgentMetricsFormatter.Format(Input(Status(reconciled: Started.AddSeconds(45.25)), state, held: true, counters));
        var samples = Samples(document.State + document.Activity);

        Assert.Equal(7, samples["node_storage_agent_applied_generation"]);
        Assert.Equal(1, samples["node_storage_agent_config_held_back"]);
        Assert.Equal(3, samples["node_storage_agent_crio_restarts_total"]);
        Assert.Equal(1, samples["node_storage_agent_rollbacks_total"]);
        Assert.Equal(1, samples["node_storage_agent_activation_failures_total"]);
        Assert.Equal(restarted.ToUnixTimeMilliseconds() / 1000.0, samples["node_storage_agent_last_crio_restart_timestamp_seconds"]);
        Assert.Equal(Started.ToUnixTimeSeconds(), samples["node_storage_agent_start_time_seconds"]);
        Assert.Equal(Started.AddSeconds(45.25).ToUnixTimeMilliseconds() / 1000.0, samples["node_storage_agent_last_reconcile_timestamp_seconds"]);
        Assert.Equal(1, samples["node_storage_agent_probe_duration_seconds_bucket{le=\"0.025\"}"]);
        Assert.Equal(0, samples["node_storage_agent_probe_duration_seconds_bucket{le=\"0.01\"}"]);
        Assert.Equal(1, samples["node_storage_agent_probe_duration_seconds_bucket{le=\"+Inf\"}"]);
        Assert.Equal(1, samples["node_storage_agent_probe_duration_seconds_count"]);
        Assert.Equal(1, samples["node_storage_agent_build_info{version=\"0.1.0\"}"]);
    }

    [Fact]
    public void ProbesAndReconcileTimes_AreActivity_NotState()
    {
        var counters = new AgentCounters();
        var before = AgentMetricsFormatter.Format(Input(Status(reconciled: Started.AddSeconds(1), stores: Store("/mnt/a")), counters: counters));
        counters.ObserveProbe(TimeSpan.FromMilliseconds(2));

        var after = AgentMetricsFormatter.Format(Input(Status(reconciled: Started.AddSeconds(61), stores: Store("/mnt/a")), counters: counters));

        Assert.Equal(before.State, after.State);
        Assert.NotEqual(before.Activity, after.Activity);
    }

    [Fact]
    public void AStoreHealthChange_IsAStateChange()
    {
        var healthy = AgentMetricsFormatter.Format(Input(Status(stores: Store("/mnt/a"))));
        var dead = AgentMetricsFormatter.Format(Input(Status(stores: Store("/mnt/a", "unhealthy", "dead-mount"))));

        Assert.NotEqual(healthy.State, dead.State);
    }

    [Fact]
    public void APathWithCharactersToEscape_IsEscapedInItsLabel()
    {
        // The desired-state rules forbid these in paths; the formatter must still never write a torn line.
        var document = AgentMetricsFormatter.Format(Input(Status(stores: Store("/mnt/a\"b\\c\nd"))));

        Assert.Contains("path=\"/mnt/a\\\"b\\\\c\\nd\"", document.State);
    }
}
