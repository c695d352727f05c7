using NodeStorageAgent.NodeLayout;
using NodeStorageAgent.Activation;
using NodeStorageAgent.Apply;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Probing.Hysteresis;
using NodeStorageAgent.Rendering;

namespace NodeStorageAgent.StateMachine;

/// <summary>Something that happened to the node or the agent: the input of <see cref="AgentMachine"/>.</summary>
public abstract record AgentEvent;

/// <summary>The agent process started; <paramref name="NodeFiles"/> are the managed files as found (null when they
/// could not be read).</summary>
public sealed record AgentStarted(IReadOnlyList<NodeFile>? NodeFiles) : AgentEvent;

/// <summary>A pass rendered the files the node should have now.</summary>
public sealed record ConfigRendered(RenderedConfig Config) : AgentEvent;

/// <summary>The changed files of <paramref name="Config"/> are on disk.</summary>
public sealed record FilesWritten(RenderedConfig Config, IReadOnlyList<string> Changed) : AgentEvent;

/// <summary>Writing failed. <paramref name="Mixed"/>: undoing the earlier files failed too, so the files are a mix
/// of both versions. <paramref name="Conflicted"/>: a file changed after it was read (an admin's edit), so nothing
/// was overwritten and the pass must render again from the new bytes.</summary>
public sealed record FilesNotWritten(RenderedConfig Config, StorageOwnership Before, bool Mixed, IReadOnlyList<Diagnostic> Problems, bool Conflicted = false) : AgentEvent;

/// <summary>Time to decide whether the written config should be brought into effect.</summary>
public sealed record ActivationDue(ApplyAction Action, IReadOnlyList<StoreDecision> Decisions) : AgentEvent;

/// <summary>systemd was asked about CRI-O.</summary>
public sealed record CrioObserved(CrioObservation Crio) : AgentEvent;

/// <summary>CRI-O is active with a new invocation after a restart onto <paramref name="Digest"/>.</summary>
public sealed record CrioRestarted(string Digest, string? InvocationId) : AgentEvent;

/// <summary>CRI-O failed to start, or was not active within the bound, after a restart onto <paramref name="Digest"/>.</summary>
public sealed record CrioRestartFailed(string Digest, Diagnostic Problem) : AgentEvent;

/// <summary>CRI-O was not running, so it was not restarted (at boot it reads the files when it starts).</summary>
public sealed record CrioNotRunning(string Digest, UnitActiveState State) : AgentEvent;

/// <summary>systemctl could not tell whether CRI-O runs; nothing was restarted.</summary>
public sealed record CrioStateUnknown(string Digest, Diagnostic Problem) : AgentEvent;

/// <summary>Our entries are back to the last-known-good's; <paramref name="Files"/> are the managed files now.</summary>
public sealed record KnownGoodRestored(IReadOnlyList<NodeFile> Files, IReadOnlyList<string> Changed) : AgentEvent;

public sealed record KnownGoodNotRestored(IReadOnlyList<Diagnostic> Problems) : AgentEvent;

public sealed record RebootIssued(string Digest) : AgentEvent;

public sealed record RebootFailed(string Digest, Diagnostic Problem) : AgentEvent;

/// <summary>The admin asked for a rollback (<c>node-storage-agent rollback</c>).</summary>
public sealed record RollbackAsked : AgentEvent;
