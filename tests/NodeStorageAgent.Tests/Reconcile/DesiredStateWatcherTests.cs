using System.Collections.Concurrent;
using System.Diagnostics;
using NodeStorageAgent.Reconcile;
using NodeStorageAgent.Tests.Apply;

namespace NodeStorageAgent.Tests.Reconcile;

/// <summary>The watcher on a real directory (inotify) and the real clock.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DesiredStateWatcherTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// The quiet window is a lower bound: a burst is reported once, and never before the window has passed since
    /// the save (a .NET timer ticks on the coarse monotonic clock, 4 ms on a CONFIG_HZ=250 kernel: a 10 ms timer
    /// was measured firing after 8.4 ms). A second callback for one save would be taken by the next save's wait and
    /// show as reported before that save.
    /// </summary>
    [Fact]
    public void AnEditorsSave_IsReportedOnce_NeverBeforeTheQuietWindowHasPassed()
    {
        var path = _dir.WriteFile("desired-state.toml", "");
        var window = TimeSpan.FromMilliseconds(10);
        using var changes = new BlockingCollection<long>();
        using var watcher = new DesiredStateWatcher(path, window, TimeProvider.System, () => changes.Add(Stopwatch.GetTimestamp()));
        Assert.True(watcher.IsWatching);

        for (var save = 0; save < 40; save++)
        {
            File.WriteAllText(path + ".tmp", $"# save {save}\n");
            var saved = Stopwatch.GetTimestamp();
            File.Move(path + ".tmp", path, overwrite: true);

            Assert.True(changes.TryTake(out var reported, TimeSpan.FromSeconds(30)), $"save {save} was not reported");
            var after = Stopwatch.GetElapsedTime(saved, reported);
            Assert.True(after >= window, $"save {save} reported {after.TotalMilliseconds:0.00} ms after it, inside the {window.TotalMilliseconds} ms window");
        }
    }
}
