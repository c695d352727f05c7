namespace NodeStorageAgent.Reconcile;

/// <summary>
/// Watches the desired-state file through inotify (FileSystemWatcher) on its directory only — never recursively, so
/// a hung FUSE mount elsewhere cannot stall it (docs/node-findings.md §7.1) — and reports one change per burst: an
/// editor's save (write temp, rename over, chmod) arrives as several events within milliseconds.
/// </summary>
/// <remarks>
/// A missing directory or a symlinked file whose target changes elsewhere is not seen here; the periodic resync
/// covers those.
/// </remarks>
public sealed class DesiredStateWatcher : IDisposable
{
    private readonly FileSystemWatcher? _watcher;
    private readonly QuietWindow _debounce;

    public DesiredStateWatcher(string hostPath, TimeSpan debounceWindow, TimeProvider time, Action onChange)
    {
        _debounce = new QuietWindow(debounceWindow, time, onChange);
        var directory = Path.GetDirectoryName(hostPath)!;
        if (!Directory.Exists(directory))
        {
            return;
        }

        _watcher = new FileSystemWatcher(directory, Path.GetFileName(hostPath))
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.Attributes | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Poke();
        _watcher.Created += (_, _) => Poke();
        _watcher.Deleted += (_, _) => Poke();
        _watcher.Renamed += (_, _) => Poke();
        _watcher.Error += (_, _) => Poke();
        _watcher.EnableRaisingEvents = true;
    }

    public bool IsWatching => _watcher is not null;

    /// <summary>Restart the quiet window: the callback fires once, the window after the last event.</summary>
    private void Poke() => _debounce.Poke();

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce.Dispose();
    }
}
