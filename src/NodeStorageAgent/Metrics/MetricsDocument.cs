using System.Text;

namespace NodeStorageAgent.Metrics;

/// <summary>
/// One rendering of the metrics file, in two parts: <see cref="State"/> changes only when something happened (a store's
/// health, the config, a restart); <see cref="Activity"/> changes with every probe and pass (durations, the last
/// reconcile time). The writer writes at once when the state part changed, and at most once per resync otherwise.
/// </summary>
public sealed record MetricsDocument(string State, string Activity)
{
    public byte[] ToBytes() => Encoding.UTF8.GetBytes(State + Activity);
}
