using System.Threading.Channels;

namespace NodeStorageAgent.Reconcile;

/// <summary>Requests for a reconcile pass from other threads (the desired-state watcher); several queued while a pass
/// ran are one more pass.</summary>
public sealed class ReconcileRequests(TimeProvider time)
{
    private readonly Channel<ReconcileTrigger> _channel =
        Channel.CreateBounded<ReconcileTrigger>(new BoundedChannelOptions(8) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Add(ReconcileTrigger trigger) => _channel.Writer.TryWrite(trigger);

    /// <summary>True when a request is waiting.</summary>
    public bool Pending => _channel.Reader.Count > 0;

    /// <summary>The next request, or null when <paramref name="delay"/> passed (or the agent is stopping) first.</summary>
    public async Task<ReconcileTrigger?> WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (_channel.Reader.TryRead(out var ready))
        {
            return Drain(ready);
        }

        if (delay <= TimeSpan.Zero)
        {
            return null;
        }

        using var delayed = new CancellationTokenSource(delay, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, delayed.Token);
        try
        {
            await _channel.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        return _channel.Reader.TryRead(out var next) ? Drain(next) : null;
    }

    private ReconcileTrigger Drain(ReconcileTrigger first)
    {
        var trigger = first;
        while (_channel.Reader.TryRead(out var more))
        {
            trigger = more == ReconcileTrigger.DesiredStateChanged ? more : trigger;
        }

        return trigger;
    }
}
