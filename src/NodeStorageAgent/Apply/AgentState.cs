using System.Text.Json;
using System.Text.Json.Serialization;
using NodeStorageAgent.Rendering;

namespace NodeStorageAgent.Apply;

/// <summary>
/// What the agent must remember across restarts and reboots (<c>/var/lib/node-storage-agent/state.json</c>).
/// Immutable; change it with <c>with</c> and save it through <see cref="AgentStateStore"/>.
/// </summary>
/// <remarks>Add fields freely: a missing field loads as its default (the source generator passes null for a missing
/// init-only property, hence the <c>?? new()</c> on reference-typed ones), and fields this version does not know are kept
/// in <see cref="UnknownFields"/> and written back, so a downgrade followed by an upgrade loses nothing.</remarks>
public sealed record AgentState
{
    /// <summary>Bump only for an incompatible change; a newer major version is not loaded (<see cref="AgentStateStore"/>).</summary>
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The exact store strings we added to storage.conf. We only ever add or remove these; entries an admin
    /// wrote stay untouched.</summary>
    public StorageOwnership OwnedStorageEntries { get; init => field = value ?? StorageOwnership.None; } = StorageOwnership.None;


    /// <summary>Incremented for every applied change.</summary>
    public long Generation { get; init; }

    /// <summary><see cref="RenderedFileDigest"/> of the files we last wrote.</summary>
    public string? AppliedDigest { get; init; }

    /// <summary>The node files as of the last configuration CRI-O was seen running with (or the originals before our
    /// first change): what a failed activation is rolled back to.</summary>
    public KnownGoodConfig? LastKnownGood { get; init; }

    /// <summary>What we owned in storage.conf as of <see cref="LastKnownGood"/>: after a rollback to those bytes,
    /// this is again what we own.</summary>
    public StorageOwnership LastKnownGoodOwnership { get; init => field = value ?? StorageOwnership.None; } = StorageOwnership.None;

    /// <summary>A rendered configuration that failed activation; not retried until the desired state or health changes.</summary>
    public string? FailedDigest { get; init; }

    /// <summary>The reboot we asked for, so a configuration that is still not in effect after it never reboots the
    /// node again (no boot loops).</summary>
    public RebootRecord? RebootRequested { get; init; }

    /// <summary>The last time we restarted CRI-O (for rate limiting).</summary>
    public DateTimeOffset? LastRestartUtc { get; init; }

    /// <summary>Fields written by a newer agent, kept as they are.</summary>
    /// <remarks>Settable (not init) only because the source generator cannot bind extension data through the
    /// object-initializer path it uses for init-only properties.</remarks>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? UnknownFields { get; set; }
}
