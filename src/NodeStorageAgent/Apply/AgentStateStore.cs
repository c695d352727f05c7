using System.Text.Json;
using Mono.Unix.Native;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Hosting;

namespace NodeStorageAgent.Apply;

/// <summary>
/// Loads and saves <see cref="AgentState"/> at <see cref="NodePaths.StateFile"/>. Saves go through
/// <see cref="AtomicFileWriter"/>, so a crash leaves the old or the new state, never a torn one; a load never throws
/// and never returns null: a damaged file yields a diagnostic and a fresh default.
/// </summary>
public sealed class AgentStateStore(NodeRoot root, AtomicFileWriter writer)
{
    public string HostPath { get; } = root.Resolve(NodePaths.StateFile);

    public AgentStateLoadResult Load()
    {
        if (PosixFileSystem.ReadAllNoFollow(HostPath, out var bytes) is { } readError)
        {
            return readError.Errno == Errno.ENOENT
                ? new AgentStateLoadResult(new AgentState(), Found: false, Problem: null)
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

    /// <summary>Writes the state durably (0600: it holds copies of node files).</summary>
    public FileWriteResult Save(AgentState state)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(state, AgentStateJsonContext.Default.AgentState);
        var result = writer.Write(HostPath, bytes, new AtomicWriteOptions { Metadata = FileMetadata.Private });
        return result.Failed
            ? result with { Diagnostic = result.Diagnostic! with { Code = ApplyDiagnostics.StateWriteFailed } }
            : result;
    }

    private Diagnostic Corrupt(string detail) =>
        ApplyDiagnostics.Error(ApplyDiagnostics.StateCorrupt, $"agent state is corrupt ({detail}); starting from defaults", HostPath);

    private static AgentStateLoadResult Default(Diagnostic problem) => new(new AgentState(), Found: false, problem);
}
