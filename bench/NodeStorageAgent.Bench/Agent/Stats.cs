namespace NodeStorageAgent.Bench.Agent;

internal static class Stats
{
    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static string Summary(IReadOnlyList<double> ms) =>
        ms.Count == 0 ? "no samples" :
        $"n={ms.Count} p50={Percentile(ms, 50):0.0} p90={Percentile(ms, 90):0.0} p99={Percentile(ms, 99):0.0} max={ms.Max():0.0} mean={ms.Average():0.0} (ms)";
}
