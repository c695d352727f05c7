using NodeStorageAgent.NodeLayout;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodeStorageAgent.Apply;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.Persistence;

namespace NodeStorageAgent.StateMachine;

/// <summary>
/// What the agent must remember across restarts and reboots (<c>/var/lib/node-storage-agent/state.json</c>).
/// Immutable. Only <see cref="AgentMachine"/> makes new states; <see cref="Reconcile.EffectRunner"/> saves them.
/// </summary>
/// <remarks>Add fields freely: a missing field loads as its default (the source generator passes null for a missing
/// init-only property, hence the <c>?? </c> on reference-typed ones), and fields this version does not know are kept
/// in <see cref="UnknownFields"/> and written back, so a downgrade followed by an upgrade loses nothing.</remarks>
public sealed record AgentState
{
    /// <summary>Bump only for an incompatible change; a newer major version is not loaded (<see cref="AgentStateStore"/>).</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>A node the agent has never touched.</summary>
    public static AgentState Initial { get; } = new();

    /// <summary>What is known after state.json was lost: only the storage.conf entries that are ours (from the
    /// ownership copy), so they stay ours instead of turning into an admin's.</summary>
    public static AgentState Recovered(StorageOwnership owned) => new() { OwnedStorageEntries = owned };

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The exact store strings we added to storage.conf. We only ever add or remove these; entries an admin
    /// wrote stay untouched. While files move between two versions this claims the entries of both (write-ahead).</summary>
    public StorageOwnership OwnedStorageEntries { get; init => field = value ?? StorageOwnership.None; } = StorageOwnership.None;

    /// <summary>Incremented for every applied change.</summary>
    public long Generation { get; init; }

    /// <summary><see cref="RenderedFileDigest"/> of the files we last wrote.</summary>
    public string? AppliedDigest { get; init; }

    /// <summary>The bytes of every managed file as we last wrote (or found) them for <see cref="AppliedDigest"/>: what
    /// CRI-O runs after a restart, and how uninstall and rollback tell an admin's later edit from our own bytes.</summary>
    public IReadOnlyList<NodeFile>? AppliedFiles { get; init; }

    /// <summary>The last configuration CRI-O was seen running with (or the originals before our first change): what
    /// a failed activation is rolled back to.</summary>
    public KnownGoodConfig? LastKnownGood { get; init; }

    /// <summary>What we owned in storage.conf as of <see cref="LastKnownGood"/>: a rollback puts exactly these
    /// entries of ours back.</summary>
    public StorageOwnership LastKnownGoodOwnership { get; init => field = value ?? StorageOwnership.None; } = StorageOwnership.None;

    /// <summary>A rendered configuration that failed activation; not retried until the desired state or health changes.</summary>
    public string? FailedDigest { get; init; }

    /// <summary>The reboot we asked for, so a configuration that is still not in effect after it never reboots the
    /// node again (no boot loops).</summary>
    public RebootRecord? RebootRequested { get; init; }

    /// <summary>The last time we restarted CRI-O, for display.</summary>
    public DateTimeOffset? LastRestartUtc { get; init; }

    /// <summary>The last CRI-O restart on the monotonic clock (rate limit: a wall clock that jumps back must not
    /// block restarts).</summary>
    public MonotonicStamp? LastRestart { get; init; }

    /// <summary>When we last changed the files (a restart waits for a quiet period after it).</summary>
    public MonotonicStamp? LastChange { get; init; }

    /// <summary>An activation under way: saved before CRI-O is restarted, so an agent killed in the middle knows, when
    /// it starts again, what it was doing and finishes it (resumes the restart check or the rollback).</summary>
    public PendingActivation? Activation { get; init; }

    /// <summary>The applied configuration was written while CRI-O was not running: it reads it when it starts, and
    /// the agent confirms that instead of restarting it.</summary>
    public string? WrittenWhileCrioDown { get; init; }

    /// <summary>Why the last activation did not bring the config into effect; null when it did.</summary>
    public string? ActivationProblem { get; init; }

    /// <summary>CRI-O runs, but not with a configuration we know (it was restarted while the agent was not looking and
    /// the files may have changed since): the next activation restarts it rather than guess.</summary>
    public bool CrioConfigUnknown { get; init; }

    /// <summary>Fields written by a newer agent, kept as they are.</summary>
    /// <remarks>Settable (not init) only because the source generator cannot bind extension data through the
    /// object-initializer path it uses for init-only properties.</remarks>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? UnknownFields { get; set; }
}
