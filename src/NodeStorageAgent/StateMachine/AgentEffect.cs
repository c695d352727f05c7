using NodeStorageAgent.NodeLayout;
using NodeStorageAgent.Apply;
using NodeStorageAgent.Rendering;

namespace NodeStorageAgent.StateMachine;

/// <summary>Something the agent must do: the output of <see cref="AgentMachine"/>. Each effect, once done, becomes the
/// next event. The state that goes with an effect that changes the node is saved before the effect runs: that is the
/// write-ahead rule.</summary>
public abstract record AgentEffect
{
    /// <summary>False for a look that changes nothing (asking systemd about CRI-O): no state needs to be durable
    /// before it, since a crash during it leaves the node as the saved state describes it.</summary>
    public virtual bool ChangesTheNode => true;
}

/// <summary>Write the changed files of <paramref name="Config"/> atomically, as one transaction.</summary>
/// <param name="Before">What we owned before; the state claims both until the result is known.</param>
public sealed record WriteFiles(RenderedConfig Config, StorageOwnership Before) : AgentEffect;

/// <summary>Put our entries back to the last-known-good's on the files as they are now (an admin's edits since then
/// stay); a file still exactly as we last wrote it gets the last-known-good's bytes.</summary>
/// <param name="Owned">Every entry the files may hold of ours now.</param>
/// <param name="OurLastWrite">The bytes we last wrote, to tell our bytes from an admin's later edit.</param>
public sealed record RestoreKnownGood(KnownGoodConfig Target, StorageOwnership TargetOwnership, StorageOwnership Owned, IReadOnlyList<NodeFile>? OurLastWrite) : AgentEffect;

/// <summary>Restart CRI-O and wait (bounded) until it is active with a new invocation.</summary>
/// <param name="OnlyIfRunning">Leave a CRI-O that is not running alone (at boot it reads the files when it starts).</param>
public sealed record RestartCrio(string Digest, bool OnlyIfRunning) : AgentEffect;

/// <summary><c>systemctl reboot</c> (the reboot record is already durable).</summary>
public sealed record Reboot(string Digest) : AgentEffect;

/// <summary>Ask systemd about CRI-O.</summary>
public sealed record ObserveCrio : AgentEffect
{
    public override bool ChangesTheNode => false;
}
