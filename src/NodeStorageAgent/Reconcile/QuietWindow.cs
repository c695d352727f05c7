namespace NodeStorageAgent.Reconcile;

/// <summary>
/// Calls back once per burst of <see cref="Poke"/>s, when none has come for the window: the debounce of
/// <see cref="DesiredStateWatcher"/>. Its own thread sleeps out the window (nanosleep, precise) rather than a .NET
/// timer, which ticks on the coarse monotonic clock (jiffies: 4 ms on a CONFIG_HZ=250 kernel): a 10 ms timer fired
/// anywhere from 8.4 to 12.7 ms after the event (measured, docs/benchmarks.md), early as well as late.
/// </summary>
/// <remarks>Time is read from the injected <see cref="TimeProvider"/>, slept in naps of at most
/// <see cref="MaxNap"/>, so a fake clock's jumps are seen within one nap.</remarks>
public sealed class QuietWindow : IDisposable
{
    private static readonly TimeSpan MaxNap = TimeSpan.FromMilliseconds(50);

    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Action _onQuiet;
    private readonly SemaphoreSlim _poked = new(0, 1);
    private long _lastPoke;
    private volatile bool _disposed;

    public QuietWindow(TimeSpan window, TimeProvider time, Action onQuiet)
    {
        (_window, _time, _onQuiet) = (window, time, onQuiet);
        new Thread(Run) { IsBackground = true, Name = "nsa-quiet-window" }.Start();
    }

    /// <summary>An event: (re)starts the window. Thread-safe, never blocks.</summary>
    public void Poke()
    {
        Volatile.Write(ref _lastPoke, _time.GetTimestamp());
        try
        {
            _poked.Release();
        }
        catch (SemaphoreFullException)
        {
            // A burst already waiting: the new time above extends its window.
        }
    }

    private void Run()
    {
        while (true)
        {
            _poked.Wait();
            TimeSpan quiet;
            while (!_disposed && (quiet = _time.GetElapsedTime(Volatile.Read(ref _lastPoke))) < _window)
            {
                var left = _window - quiet;
                Thread.Sleep(left < MaxNap ? left : MaxNap);
            }

            if (_disposed)
            {
                return;
            }

            // Pokes that came during the window belong to this burst; one after this line starts the next.
            _poked.Wait(0);
            _onQuiet();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Poke();
    }
}
