using System.Text.Json;
using Mono.Unix.Native;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.StateMachine;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.Apply;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Persistence;

/// <summary>
/// Loads and saves <see cref="AgentState"/> at <see cref="NodePaths.StateFile"/>, the one type that writes it. Saves
/// go through <see cref="AtomicFileWriter"/>, so a crash leaves the old or the new state, never a torn one; a load
/// never throws and never returns null: a damaged file yields a diagnostic and a fresh default.
/// </summary>
/// <remarks>The storage.conf entries we own are also kept in <see cref="NodePaths.OwnershipFile"/>, written before
/// state.json whenever they change: when state.json is damaged or gone, the entries stay ours (and are removed when no
/// longer desired) instead of turning into an admin's that the agent never touches again.</remarks>
public sealed class AgentStateStore(NodeRoot root, AtomicFileWriter writer)
{
    private StorageOwnership? _savedOwnership;

    public string HostPath { get; } = root.Resolve(NodePaths.StateFile);

    private string OwnershipPath { get; } = root.Resolve(NodePaths.OwnershipFile);

    /// <summary>After <see cref="Load"/>: the ownership copy on disk is not the state's (missing, or left behind by a
    /// crash between the two renames of a save and their one directory fsync). The next save writes it; the runner
    /// makes that save come before any change to the node.</summary>
    public bool OwnershipCopyBehind { get; private set; }

    public AgentStateLoadResult Load()
    {
        var loaded = LoadStateFile();
        if (loaded.Found)
        {
            _savedOwnership = LoadOwnership();
            OwnershipCopyBehind = !loaded.State.OwnedStorageEntries.Equals(_savedOwnership);
            return loaded;
        }

        if (LoadOwnership() is not { IsEmpty: false } owned)
        {
            return loaded;
        }

        // state.json is damaged or gone, but the copy says which entries are ours: they stay ours.
        _savedOwnership = owned;
        var kept = $"the storage.conf entries it owned ({string.Join(", ", owned.ImageStores.Concat(owned.LayerStores))}) are taken from {NodePaths.OwnershipFile}";
        var recovered = loaded.Problem is { } problem
            ? problem with { Message = $"{problem.Message}; {kept}" }
            : ApplyDiagnostics.Error(ApplyDiagnostics.OwnershipRecovered, $"agent state is missing; {kept}", HostPath) with { Severity = DiagnosticSeverity.Warning };
        return new AgentStateLoadResult(AgentState.Recovered(owned), Found: false, recovered);
    }

    /// <summary>Writes the state durably (0600: it holds copies of node files); the ownership copy first. Both live
    /// in one directory, fsynced once after both renames: either may land first in a crash before that, and both
    /// are durable when this returns (a state.json found is always read first; the copy only stands in for it).</summary>
    public FileWriteResult Save(AgentState state)
    {
        var copied = false;
        if (!state.OwnedStorageEntries.Equals(_savedOwnership))
        {
            var copy = writer.Write(OwnershipPath, JsonSerializer.SerializeToUtf8Bytes(state.OwnedStorageEntries, AgentStateJsonContext.Default.StorageOwnership),
                new AtomicWriteOptions { Metadata = FileMetadata.Private, DeferDirectorySync = true });
            if (copy.Failed)
            {
                return copy with { Diagnostic = copy.Diagnostic! with { Code = ApplyDiagnostics.StateWriteFailed } };
            }

            copied = copy.Status == FileWriteStatus.Written;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(state, AgentStateJsonContext.Default.AgentState);
        var result = writer.Write(HostPath, bytes, new AtomicWriteOptions { Metadata = FileMetadata.Private });
        if (copied && result.Status == FileWriteStatus.Unchanged)
        {
            // state.json already held these bytes, so nothing fsynced the directory after the copy's rename.
            result = writer.SyncDirectoryOf(OwnershipPath) is { Diagnostic: { } unsynced } ? result with { Diagnostic = unsynced } : result;
        }

        if (result.Diagnostic is { Code: ApplyDiagnostics.DirectorySyncFailed } notDurable)
        {
            // In place but perhaps not after a power loss: the write-ahead rule needs durable, so this is a failure.
            result = result with { Status = FileWriteStatus.Failed, Diagnostic = notDurable with { Severity = DiagnosticSeverity.Error } };
        }

        if (result.Failed)
        {
            return result with { Diagnostic = result.Diagnostic! with { Code = ApplyDiagnostics.StateWriteFailed } };
        }

        _savedOwnership = state.OwnedStorageEntries;
        OwnershipCopyBehind = false;
        return result;
    }

    private AgentStateLoadResult LoadStateFile()
    {
        if (PosixFileSystem.ReadAllNoFollow(HostPath, out var bytes) is { } readError)
        {
            return readError.Errno == Errno.ENOENT
                ? new AgentStateLoadResult(AgentState.Initial, Found: false, Problem: null)
                : Default(ApplyDiagnostics.Error(ApplyDiagnostics.StateUnreadable, "cannot read the agent state; starting from defaults", HostPath, readError));
        }

        AgentState? state;
        try
        {
            state = JsonSerializer.Deserialize(bytes, AgentStateJsonContext.Default.AgentState);
        }
        catch (JsonException e)
        {
            return Default(Corrupt(e.Message));
        }

        if (state is null)
        {
            return Default(Corrupt("the file holds null"));
        }

        if (state.SchemaVersion is < 1 or > AgentState.CurrentSchemaVersion)
        {
            return Default(ApplyDiagnostics.Error(
                ApplyDiagnostics.StateUnknownVersion,
                $"agent state has schema version {state.SchemaVersion}; this agent understands 1..{AgentState.CurrentSchemaVersion}; starting from defaults",
                HostPath));
        }

        return new AgentStateLoadResult(state, Found: true, Problem: null);
    }

    private StorageOwnership? LoadOwnership()
    {
        if (PosixFileSystem.ReadAllNoFollow(OwnershipPath, out var bytes) is not null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, AgentStateJsonContext.Default.StorageOwnership);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private Diagnostic Corrupt(string detail) =>
        ApplyDiagnostics.Error(ApplyDiagnostics.StateCorrupt, $"agent state is corrupt ({detail}); starting from defaults", HostPath);

    private static AgentStateLoadResult Default(Diagnostic problem) => new(AgentState.Initial, Found: false, problem);
}
