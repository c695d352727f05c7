using NodeStorageAgent.Reconcile;

namespace NodeStorageAgent.Metrics;

/// <summary>
/// Pure: <see cref="MetricsInput"/> → the metrics file. Names follow the Prometheus conventions (prometheus/docs,
/// content/docs/practices/naming.md): one <c>node_storage_agent_</c> prefix, base units in the name (<c>_seconds</c>),
/// <c>_total</c> for counters, <c>_info</c> for the constant build gauge. Labels: <c>kind</c>, <c>path</c>,
/// <c>reason</c>; the desired-state limits (≤ 5 layer, ≤ 10 image, ≤ 10 artifact stores) bound them to 25 stores.
/// </summary>
public static class AgentMetricsFormatter
{
    public const string Prefix = "node_storage_agent_";

    public static MetricsDocument Format(MetricsInput input)
    {
        var status = input.Status;
        var state = new PrometheusText();
        state.Family(Prefix + "build_info", "gauge", "Always 1; the agent's version is in the label.")
            .Sample(Prefix + "build_info", 1, ("version", input.Version));
        state.Family(Prefix + "start_time_seconds", "gauge", "When the agent process started (Unix time); the _total counters restart from 0 then.")
            .Sample(Prefix + "start_time_seconds", Seconds(status.StartedUtc));

        state.Family(Prefix + "health", "gauge", "1 for the agent's overall health as `node-storage-agent status` shows it, 0 for the others.");
        foreach (var health in Enum.GetValues<AgentHealth>())
        {
            state.Sample(Prefix + "health", health == status.Health ? 1 : 0, ("state", health.ToString().ToLowerInvariant()));
        }

        state.Family(Prefix + "node_safe", "gauge", "1 when every store in the written config passed its last probe and no rollback failed: CRI-O can start with the config on disk.")
            .Sample(Prefix + "node_safe", IsNodeSafe(input) ? 1 : 0);

        state.Family(Prefix + "store_healthy", "gauge", "1 when the store's last probe found it healthy, 0 when degraded (kept in the config) or unhealthy; reason is the probe's verdict.");
        foreach (var store in status.Stores)
        {
            state.Sample(Prefix + "store_healthy", store.Health == "healthy" ? 1 : 0, ("kind", store.Kind), ("path", store.Path), ("reason", store.Reason));
        }

        state.Family(Prefix + "store_in_config", "gauge", "1 when the desired store is in the written config, 0 when the agent left it out (unhealthy).");
        foreach (var store in status.Stores)
        {
            state.Sample(Prefix + "store_in_config", store.InConfig ? 1 : 0, ("kind", store.Kind), ("path", store.Path));
        }

        state.Family(Prefix + "applied_generation", "gauge", "Generation of the config the agent last wrote (incremented for every applied change).")
            .Sample(Prefix + "applied_generation", input.State.Generation);
        state.Family(Prefix + "config_held_back", "gauge", "1 when the config the desired state renders already failed to start CRI-O and is held back (NSA5001) until the desired state or store health changes.")
            .Sample(Prefix + "config_held_back", input.ConfigHeld ? 1 : 0);
        if (input.State.LastRestartUtc is { } restarted)
        {
            state.Family(Prefix + "last_crio_restart_timestamp_seconds", "gauge", "When the agent last restarted CRI-O (Unix time; kept across agent restarts).")
                .Sample(Prefix + "last_crio_restart_timestamp_seconds", Seconds(restarted));
        }

        var counters = input.Counters;
        state.Family(Prefix + "crio_restarts_total", "counter", "CRI-O restarts the agent asked systemd for since it started (a rollback counts two).")
            .Sample(Prefix + "crio_restarts_total", counters.CrioRestarts);
        state.Family(Prefix + "rollbacks_total", "counter", "Configs that did not bring CRI-O up and were rolled back to the last-known-good, since the agent started.")
            .Sample(Prefix + "rollbacks_total", counters.Rollbacks);
        state.Family(Prefix + "activation_failures_total", "counter", "Activations (restart or reboot) that did not bring the written config into effect, since the agent started.")
            .Sample(Prefix + "activation_failures_total", counters.ActivationFailures);

        var activity = new PrometheusText();
        if (status.LastReconcileUtc is { } reconciled)
        {
            activity.Family(Prefix + "last_reconcile_timestamp_seconds", "gauge", "When the agent last finished a reconcile pass (Unix time); one runs at least every resync interval.")
                .Sample(Prefix + "last_reconcile_timestamp_seconds", Seconds(reconciled));
        }

        AppendHistogram(activity, Prefix + "probe_duration_seconds", "How long one store probe took, since the agent started.", counters.ProbeDurations);
        return new MetricsDocument(state.ToString(), activity.ToString());
    }

    /// <summary>The files on disk are safe for CRI-O: no store in them failed its last probe, and the last activation
    /// did not leave the files half rolled back.</summary>
    public static bool IsNodeSafe(MetricsInput input) =>
        input.Status.Health != AgentHealth.Starting
        && !input.Counters.LastRollbackFailed
        && !input.Status.Stores.Any(s => s.InConfig && s.Health == "unhealthy");

    private static void AppendHistogram(PrometheusText text, string name, string help, HistogramSnapshot histogram)
    {
        text.Family(name, "histogram", help);
        foreach (var (upperBound, count) in histogram.Buckets)
        {
            text.Sample(name + "_bucket", count, ("le", PrometheusText.FormatValue(upperBound)));
        }

        text.Sample(name + "_bucket", histogram.Count, ("le", "+Inf"));
        text.Sample(name + "_sum", histogram.SumSeconds);
        text.Sample(name + "_count", histogram.Count);
    }

    private static double Seconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;
}
