namespace NodeStorageAgent.Reconcile;

/// <summary>
/// Calls back once per burst of <see cref="Poke"/>s, when none has come for the window: the debounce of
/// <see cref="DesiredStateWatcher"/>. Its own thread sleeps out the window (<c>Thread.Sleep</c>, on the precise
/// clock) rather than a .NET timer, which ticks on the coarse monotonic clock (jiffies: 4 ms on a CONFIG_HZ=250
/// kernel): a 10 ms timer fired anywhere from 8.4 to 12.7 ms after the event (docs/benchmarks.md), early as well as
/// late. The window is a lower bound: the callback never comes sooner than the window after the last poke.
/// </summary>
public sealed class QuietWindow : IDisposable
{
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Action _onQuiet;

    // At most one pending wake-up: a poke while one is pending only moves _lastPoke.
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
        if (_poked.CurrentCount == 0)
        {
            try
            {
                _poked.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another poke released it between the check and here: one wake-up is pending, as it should be.
            }
        }
    }

    private void Run()
    {
        while (true)
        {
            _poked.Wait();
            do
            {
                SleepUntilQuiet();
            }
            while (!_disposed && _poked.Wait(0)); // a poke came meanwhile: its time may be newer than the last look

            if (_disposed)
            {
                return;
            }

            _onQuiet();
        }
    }

    private void SleepUntilQuiet()
    {
        TimeSpan quiet;
        while (!_disposed && (quiet = _time.GetElapsedTime(Volatile.Read(ref _lastPoke))) < _window)
        {
            // Whole milliseconds, rounded up: Thread.Sleep drops a fraction, and Sleep(0) would only spin.
            Thread.Sleep((int)Math.Ceiling((_window - quiet).TotalMilliseconds));
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Poke();
    }
}
