namespace NodeStorageAgent.Metrics;

/// <summary>
/// Pure: whether a new rendering goes to disk. A state change is written at once; activity alone (probe durations,
/// the last reconcile time) at most once per <c>refresh</c>, so a 5 s probe interval does not rewrite the file every
/// 5 s, while node-exporter's <c>node_textfile_mtime_seconds</c> still shows a live agent.
/// </summary>
public static class MetricsWritePolicy
{
    public static bool ShouldWrite(MetricsDocument? lastWritten, DateTimeOffset? lastWriteUtc, MetricsDocument next, DateTimeOffset now, TimeSpan refresh)
    {
        if (lastWritten is null || lastWriteUtc is null || lastWritten.State != next.State)
        {
            return true;
        }

        return lastWritten.Activity != next.Activity && now - lastWriteUtc.Value >= refresh;
    }
}
