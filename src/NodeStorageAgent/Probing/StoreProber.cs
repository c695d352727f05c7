using System.Diagnostics;
using System.Collections.Concurrent;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Processes;
using NodeStorageAgent.Probing.Classification;
using NodeStorageAgent.Probing.Mounts;
using NodeStorageAgent.Probing.Observation;
using NodeStorageAgent.Probing.Paths;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Probing;

/// <summary>
/// Probes stores without ever blocking the agent. Non-blocking signals first (<c>/proc/self/mountinfo</c>, fusectl);
/// local filesystems are examined in-process; anything on a FUSE or network mount only by a short-lived child
/// process with a timeout (docs/node-findings.md §1.2, §7.2). A child that times out stays the store's one outstanding
/// probe: while it runs the store is reported Hung at once, without a new probe; it gets SIGKILL after
/// <see cref="ProbeOptions.OverdueKillAfter"/> and is abandoned if even that does not free it. Stores are probed in
/// parallel, at most <see cref="ProbeOptions.MaxParallelProbes"/> at a time.
/// </summary>
public sealed class StoreProber : IStoreProber, IDisposable
{
    private readonly NodeRoot _root;
    private readonly ProbeOptions _options;
    private readonly TimeProvider _time;
    private readonly ChildProcessRunner _children;
    private readonly IMountTableSource _mounts;
    private readonly FuseConnections _fuse;
    private readonly SemaphoreSlim _gate;
    private static readonly TimeSpan s_exitGrace = TimeSpan.FromMilliseconds(50);
    private readonly ConcurrentDictionary<StoreSpec, StuckProbe> _stuck = new();

    public StoreProber(NodeRoot root, ProbeOptions options, TimeProvider time, IMountTableSource? mounts = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _root = root;
        _options = options;
        _time = time;
        _children = new ChildProcessRunner(time);
        _mounts = mounts ?? new ProcMountTableSource(options.MountInfoPath);
        _fuse = new FuseConnections(options.FuseConnectionsDir);
        _gate = new SemaphoreSlim(options.MaxParallelProbes);
    }

    /// <summary>Stores whose last probe child is still outstanding (timed out, or stuck in the kernel).</summary>
    public int StuckCount => _stuck.Count;

    public async Task<IReadOnlyList<StoreProbeResult>> ProbeAsync(IReadOnlyList<StoreSpec> stores, CancellationToken cancellationToken)
    {
        MountTable table;
        try
        {
            table = _mounts.Read();
        }
        catch (IOException e)
        {
            return stores.Select(s => Unknowable(s, $"cannot read {_options.MountInfoPath}: {e.Message}")).ToList();
        }
        catch (UnauthorizedAccessException e)
        {
            return stores.Select(s => Unknowable(s, $"cannot read {_options.MountInfoPath}: {e.Message}")).ToList();
        }

        // Read per round: storage.conf may move the graphroot at any time.
        var roots = StorageRootIdentity.Read(_root, table);
        var probes = stores.Select(store => Task.Run(() => ProbeOneAsync(store, table, roots, cancellationToken), cancellationToken));
        return await Task.WhenAll(probes).ConfigureAwait(false);
    }

    public void Dispose()
    {
        foreach (var stuck in _stuck.Values)
        {
            TryKill(stuck.Process);
            stuck.Process.Dispose();
        }

        _stuck.Clear();
        _gate.Dispose();
    }

    private async Task<StoreProbeResult> ProbeOneAsync(StoreSpec store, MountTable table, IReadOnlyList<StorageRootIdentity> roots, CancellationToken cancellationToken)
    {
        if (await OutstandingAsync(store, table).ConfigureAwait(false) is { } stuckResult)
        {
            return stuckResult;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var start = _time.GetTimestamp();
            var resolution = NodePathResolver.Resolve(_root, store.Path, table);
            var refused = resolution.Failed || resolution.StoppedAt is not null
                ? null
                : StoreLocationCheck.Problem(resolution.HostPath, resolution.NodePath, table, roots);
            var seen = resolution.Failed || Escapes(resolution) || refused is not null
                ? new StoreObservation(resolution, null, Refused: refused)
                : await ObserveAsync(store, resolution, table, cancellationToken).ConfigureAwait(false);
            if (store.Kind == StoreKind.Image && seen.Directory is { IsDirectory: true } && !seen.InChildProcess)
            {
                seen = seen with { ReadOnlyMissing = MissingOnReadOnlyMount(resolution.HostPath, table) };
            }

            return ToResult(store, seen, table, _time.GetElapsedTime(start));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Hung while the store's outstanding child runs; null (start a fresh probe) once it is gone.</summary>
    private async Task<StoreProbeResult?> OutstandingAsync(StoreSpec store, MountTable table)
    {
        if (!_stuck.TryGetValue(store, out var stuck))
        {
            return null;
        }

        // A daemon that just resumed answers within milliseconds: give the child that long before calling it hung.
        using var grace = new CancellationTokenSource(s_exitGrace);
        try
        {
            await stuck.Process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            _stuck.TryRemove(store, out _);
            stuck.Process.Dispose();
            return null;
        }
        catch (OperationCanceledException)
        {
            // Still outstanding.
        }

        if (!stuck.KillSent && _time.GetUtcNow() - stuck.Since >= _options.OverdueKillAfter)
        {
            TryKill(stuck.Process);
            _stuck[store] = stuck with { KillSent = true };
        }

        var mount = stuck.Resolution.StoppedAt is { } m ? table.Containing(m.MountPoint) : null;
        var seen = new StoreObservation(stuck.Resolution, null, Timeout: ProbeTimeout.EarlierProbeStuck,
            FuseWaiting: mount is null ? null : _fuse.Waiting(mount));
        var result = ToResult(store, seen, table, TimeSpan.Zero);
        return result with { Hint = $"{result.Hint} (since {stuck.Since:u})" };
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task<StoreObservation> ObserveAsync(StoreSpec store, PathResolution resolution, MountTable table, CancellationToken cancellationToken)
    {
        var host = resolution.HostPath;
        if (resolution.StoppedAt is null && !HasBlockingMountAtEntries(table, host) && !EntryLeadsToBlockingMount(resolution, table))
        {
            return new StoreObservation(resolution, LocalDirectoryProbe.Observe(host));
        }

        var lstatPool = store.Kind == StoreKind.Layer && table.At(host) is { } mount && StoreClassifier.IsStargz(mount);
        var run = await _children.RunAsync(
            new ChildRequest(_options.FindPath, FindCommand.Arguments(host, lstatPool), _options.Timeout, _options.KillGrace, OnTimeout.KeepRunning),
            cancellationToken).ConfigureAwait(false);
        if (run.StuckProcess is { } stuckProcess)
        {
            _stuck[store] = new StuckProbe(stuckProcess, resolution, _time.GetUtcNow());
        }

        cancellationToken.ThrowIfCancellationRequested();
        switch (run.Status)
        {
            case ChildRunStatus.Exited:
                var parsed = FindOutputParser.Parse(run.Stdout, run.Stderr, host);
                return new StoreObservation(resolution, parsed.Directory, parsed.Pool, InChildProcess: true,
                    ProbeError: parsed.Directory is null ? $"find exited {run.ExitCode}: {FirstLine(run.Stderr)}" : null);
            case ChildRunStatus.FailedToStart:
                return new StoreObservation(resolution, null, InChildProcess: true, ProbeError: run.Stderr);
            default:
                var fuseMount = table.Containing(host);
                return new StoreObservation(resolution, null, InChildProcess: true, Timeout: ProbeTimeout.TimedOut,
                    FuseWaiting: fuseMount is null ? null : _fuse.Waiting(fuseMount));
        }
    }

    private StoreProbeResult ToResult(StoreSpec store, StoreObservation seen, MountTable table, TimeSpan elapsed)
    {
        var verdict = StoreClassifier.Classify(store, seen, table, _options.ForbiddenNodePaths);
        var hint = verdict.Hint;
        if (seen.Resolution.FollowedSymlink && !seen.Resolution.Failed)
        {
            hint = $"{hint}; resolves to {seen.Resolution.NodePath}";
        }

        if (verdict.Health != StoreHealth.Unhealthy && elapsed > _options.EffectiveSlowThreshold)
        {
            hint = $"{hint}; slow: {elapsed.TotalMilliseconds:F0} ms";
        }

        var resolved = seen.Resolution.Failed ? null : seen.Resolution.NodePath;
        return new StoreProbeResult(store, verdict.Health, verdict.Reason, verdict.Errno, elapsed, hint, resolved);
    }

    private bool Escapes(PathResolution resolution) =>
        resolution.FollowedSymlink && ForbiddenAreas.Find(resolution.NodePath, _options.ForbiddenNodePaths) is not null;

    /// <summary>What containers/storage would have to create in an image store on a read-only mount (null when the
    /// mount is writable). Only for stores probed in-process: their entries are on mounts that cannot block.</summary>
    private static List<string>? MissingOnReadOnlyMount(string host, MountTable table)
    {
        if (table.Containing(host) is not { } mount
            || !(mount.MountOptions.Split(',').Contains("ro") || mount.SuperOptions.Split(',').Contains("ro")))
        {
            return null;
        }

        return StoreEntryNames.RequiredOnReadOnlyImageStore
            .Where(entry => Mono.Unix.Native.Syscall.lstat(Path.Combine(host, entry), out _) != 0)
            .ToList();
    }

    /// <summary>A blocking mount on a well-known entry would make the in-process stat of that entry hang.</summary>
    private static bool HasBlockingMountAtEntries(MountTable table, string host) =>
        StoreEntryNames.InDirectory.Any(name => table.At(Path.Combine(host, name)) is { } mount && table.MayBlock(mount));

    /// <summary>
    /// The in-process probe stats each well-known entry, following symlinks: an entry such as <c>artifacts</c> that
    /// is a symlink into a FUSE or NFS mount would hang it. Each entry that is a symlink is resolved the way the store
    /// path was (component by component, stopping at a mount that may block); the <c>lstat</c> of the entry itself is
    /// safe, its directory being on a mount that cannot block.
    /// </summary>
    private bool EntryLeadsToBlockingMount(PathResolution resolution, MountTable table) =>
        StoreEntryNames.InDirectory.Any(name =>
            Mono.Unix.Native.Syscall.lstat(Path.Combine(resolution.HostPath, name), out var st) == 0
            && (st.st_mode & Mono.Unix.Native.FilePermissions.S_IFMT) == Mono.Unix.Native.FilePermissions.S_IFLNK
            && NodePathResolver.Resolve(_root, resolution.NodePath.TrimEnd('/') + "/" + name, table).StoppedAt is not null);

    private static StoreProbeResult Unknowable(StoreSpec store, string why) =>
        new(store, StoreHealth.Unhealthy, ProbeReason.ProbeFailed, null, TimeSpan.Zero, why, null);

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
