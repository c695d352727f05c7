using NodeStorageAgent.Apply;
using NodeStorageAgent.Metrics;
using NodeStorageAgent.Reconcile;

using NodeStorageAgent.StateMachine;

namespace NodeStorageAgent.Tests.Metrics;

/// <summary>Statuses and a tiny reader of the exposition text, for the metrics tests.</summary>
internal static class MetricsSamples
{
    public static readonly DateTimeOffset Started = new(2026, 12, 1, 20, 0, 0, TimeSpan.Zero);

    public static StoreStatus Store(string path, string health = "healthy", string reason = "ok", bool inConfig = true, string kind = "image") =>
        new(kind, path, health, reason, null, 1.5, "", inConfig);

    public static AgentStatus Status(AgentHealth health = AgentHealth.Healthy, DateTimeOffset? reconciled = null, params StoreStatus[] stores) => new()
    {
        Pid = 42,
        StartedUtc = Started,
        HeartbeatUtc = Started.AddMinutes(1),
        Health = health,
        Generation = 3,
        LastReconcileUtc = reconciled ?? Started.AddSeconds(30),
        Stores = stores,
    };

    public static MetricsInput Input(AgentStatus status, AgentState? state = null, bool held = false, AgentCounters? counters = null) =>
        new(status, state ?? new AgentState { Generation = 3 }, held, (counters ?? new AgentCounters()).Snapshot(), "0.1.0");

    /// <summary>Sample lines as (name{labels}, value); comments left out.</summary>
    public static Dictionary<string, double> Samples(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#'))
            .Select(l => (Key: l[..l.LastIndexOf(' ')], Value: l[(l.LastIndexOf(' ') + 1)..]))
            .ToDictionary(p => p.Key, p => p.Value == "+Inf" ? double.PositiveInfinity : double.Parse(p.Value, System.Globalization.CultureInfo.InvariantCulture));
}
