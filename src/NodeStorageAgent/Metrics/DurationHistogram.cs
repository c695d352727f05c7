namespace NodeStorageAgent.Metrics;

/// <summary>
/// A cumulative Prometheus histogram of durations in seconds. Bucket counts are stored per bucket and summed when read,
/// so an observation is one increment; safe to observe from several threads.
/// </summary>
public sealed class DurationHistogram
{
    /// <summary>A healthy local or FUSE store answers in milliseconds; a slow NFS store in tenths of a second; a hung one
    /// hits the probe timeout (2 s by default, configurable up to tens of seconds).</summary>
    public static readonly IReadOnlyList<double> ProbeBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly double[] _bounds;
    private readonly long[] _counts;
    private long _count;
    private long _sumMicroseconds;

    public DurationHistogram(IReadOnlyList<double> upperBounds)
    {
        if (upperBounds.Count == 0 || upperBounds.Zip(upperBounds.Skip(1)).Any(p => p.First >= p.Second))
        {
            throw new ArgumentException("bucket bounds must be non-empty and strictly increasing", nameof(upperBounds));
        }

        _bounds = [.. upperBounds];
        _counts = new long[_bounds.Length];
    }

    public void Observe(TimeSpan duration)
    {
        var seconds = Math.Max(0, duration.TotalSeconds);
        var bucket = Array.FindIndex(_bounds, b => seconds <= b);
        if (bucket >= 0)
        {
            Interlocked.Increment(ref _counts[bucket]);
        }

        Interlocked.Add(ref _sumMicroseconds, (long)Math.Round(seconds * 1e6));
        Interlocked.Increment(ref _count);
    }

    public HistogramSnapshot Snapshot()
    {
        var cumulative = new List<(double UpperBound, long Count)>(_bounds.Length);
        long running = 0;
        for (var i = 0; i < _bounds.Length; i++)
        {
            running += Interlocked.Read(ref _counts[i]);
            cumulative.Add((_bounds[i], running));
        }

        // The +Inf bucket is the total count, so it is never below the last finite bucket even mid-observation.
        var count = Math.Max(running, Interlocked.Read(ref _count));
        return new HistogramSnapshot(cumulative, count, Interlocked.Read(ref _sumMicroseconds) / 1e6);
    }
}

/// <summary>Cumulative bucket counts (each bucket counts every observation ≤ its bound), the total count and sum.</summary>
public sealed record HistogramSnapshot(IReadOnlyList<(double UpperBound, long Count)> Buckets, long Count, double SumSeconds);
