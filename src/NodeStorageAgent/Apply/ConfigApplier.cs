using Mono.Unix.Native;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Apply;

/// <summary>
/// Writes a set of rendered node files as one transaction: each changed file is backed up once
/// (<see cref="BackupStore"/>) and replaced atomically; when a later file fails, the earlier ones get their previous
/// bytes back, in reverse order, and an undo failure is reported next to the original failure, never instead of it
/// (MCO <c>update.go</c>, docs/upstream.md §9.6).
/// </summary>
public sealed class ConfigApplier(NodeRoot root, AtomicFileWriter writer, BackupStore backups)
{
    public ApplyOutcome Apply(IReadOnlyList<RenderedFile> files)
    {
        var done = new List<(RenderedFile File, byte[]? Previous)>();
        var warnings = new List<Diagnostic>();
        foreach (var file in files)
        {
            if (ReadCurrent(file.NodePath, out var previous) is { } readFailure)
            {
                return Compensate(done, readFailure, warnings);
            }

            if (SameContent(previous, file.Content))
            {
                continue;
            }

            if (backups.EnsureOriginal(file.NodePath) is { } backupFailure)
            {
                return Compensate(done, backupFailure, warnings);
            }

            var result = Place(file.NodePath, file.Content, file.Staged, file.RenderedFrom);
            if (result.Failed)
            {
                return Compensate(done, result.Diagnostic!, warnings);
            }

            AddWarning(result, warnings);
            if (result.Changed)
            {
                done.Add((file, previous));
            }
        }

        return new ApplyOutcome(true, done.Select(d => d.File.NodePath).ToList(), [], warnings);
    }

    /// <summary>
    /// Writes these bytes (deleting files whose content is null), e.g. a rollback. Unlike <see cref="Apply"/> it does
    /// not undo on failure (undoing a rollback would restore the configuration that just failed); it tries every file
    /// and reports each failure.
    /// </summary>
    public ApplyOutcome Replace(IReadOnlyList<RenderedFile> files)
    {
        var changed = new List<string>();
        var diagnostics = new List<Diagnostic>();
        foreach (var file in files)
        {
            if (ReadCurrent(file.NodePath, out var current) is null && SameContent(current, file.Content))
            {
                continue;
            }

            var result = Place(file.NodePath, file.Content, file.Staged);
            if (result.Failed)
            {
                diagnostics.Add(result.Diagnostic! with
                {
                    Code = ApplyDiagnostics.RollbackFailed,
                    Message = $"cannot write {file.NodePath} back: {result.Diagnostic.Message}",
                });
                continue;
            }

            AddWarning(result, diagnostics);
            if (result.Changed)
            {
                changed.Add(file.NodePath);
            }
        }

        return new ApplyOutcome(!diagnostics.Any(d => d.IsError), changed, [], diagnostics);
    }

    /// <summary>The current bytes (or absence) of each node file, e.g. to record a new last-known-good.</summary>
    public SnapshotResult Snapshot(IEnumerable<string> nodePaths)
    {
        var files = new List<NodeFile>();
        var diagnostics = new List<Diagnostic>();
        foreach (var nodePath in nodePaths)
        {
            if (ReadCurrent(nodePath, out var content) is { } failure)
            {
                diagnostics.Add(failure);
                continue;
            }

            files.Add(new NodeFile(nodePath, content));
        }

        return new SnapshotResult(files, diagnostics);
    }

    private ApplyOutcome Compensate(List<(RenderedFile File, byte[]? Previous)> done, Diagnostic failure, List<Diagnostic> warnings)
    {
        var diagnostics = new List<Diagnostic> { failure };
        var compensated = new List<string>();
        for (var i = done.Count - 1; i >= 0; i--)
        {
            var (file, previous) = done[i];
            var undo = Place(file.NodePath, previous, file.Staged);
            if (undo.Failed)
            {
                diagnostics.Add(undo.Diagnostic! with
                {
                    Code = ApplyDiagnostics.CompensationFailed,
                    Message = $"cannot put {file.NodePath} back after the failure above: {undo.Diagnostic.Message}",
                });
                continue;
            }

            AddWarning(undo, warnings);
            compensated.Add(file.NodePath);
        }

        diagnostics.AddRange(warnings);
        return new ApplyOutcome(false, done.Select(d => d.File.NodePath).ToList(), compensated, diagnostics);
    }

    private FileWriteResult Place(string nodePath, byte[]? content, bool staged, ExpectedFile? renderedFrom = null)
    {
        var path = root.Resolve(nodePath);
        return content is null
            ? writer.Delete(path)
            : writer.Write(path, content, StagingPolicy.OptionsFor(root, nodePath, staged) with { Expected = renderedFrom });
    }

    private Diagnostic? ReadCurrent(string nodePath, out byte[]? content)
    {
        var path = root.Resolve(nodePath);
        content = null;
        if (PosixFileSystem.Lstat(path, out var status) is { } statError)
        {
            return statError.Errno == Errno.ENOENT
                ? null
                : ApplyDiagnostics.Error(ApplyDiagnostics.CannotInspect, "cannot inspect the current file", path, statError);
        }

        if (status.Kind != PosixFileKind.Regular)
        {
            return ApplyDiagnostics.Error(
                status.Kind == PosixFileKind.Symlink ? ApplyDiagnostics.TargetIsSymlink : ApplyDiagnostics.TargetNotRegularFile,
                $"refusing to manage a {status.Kind.ToString().ToLowerInvariant()}; a regular file was expected",
                path);
        }

        if (PosixFileSystem.ReadAllNoFollow(path, out var bytes) is { } readError)
        {
            return ApplyDiagnostics.Error(ApplyDiagnostics.CannotInspect, "cannot read the current file", path, readError);
        }

        content = bytes;
        return null;
    }

    private static bool SameContent(byte[]? current, byte[]? wanted) =>
        current is null ? wanted is null : wanted is not null && current.AsSpan().SequenceEqual(wanted);

    private static void AddWarning(FileWriteResult result, List<Diagnostic> warnings)
    {
        if (result.Diagnostic is { } warning)
        {
            warnings.Add(warning);
        }
    }
}
