using NodeStorageAgent.Activation;
using NodeStorageAgent.Apply;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Metrics;
using NodeStorageAgent.Planning;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.StateMachine;
using NodeStorageAgent.Systemd;
using Serilog;
using NodeStorageAgent.Persistence;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Reconcile;

/// <summary>
/// The one owner of the agent's state: feeds events to <see cref="AgentMachine"/>, performs the effect each
/// transition asks for and feeds its result back, until the machine asks for nothing more. Nothing else writes
/// <c>state.json</c>.
/// </summary>
/// <remarks>
/// Write-ahead: a new state is durable before any effect that changes the node (files, a CRI-O restart, a reboot).
/// A state followed by nothing, or only by a look at CRI-O, stays in memory until the next such effect or
/// <see cref="Persist"/>, which the loop calls at the end of every step: an edit that is restarted at once is saved
/// twice (the claim, the restart) instead of three times. A crash in between loses what the node's files and CRI-O
/// still show, and the next start reads it back from them (the pass renders no change and activates); only the
/// generation number of that write is not recorded (the next written configuration takes it).
/// </remarks>
public sealed class EffectRunner(
    AgentMachine machine,
    AgentStateStore store,
    ConfigApplier applier,
    ICrioControl crio,
    BootIdReader bootIds,
    LivenessHeartbeat heartbeat,
    NodeRoot root,
    TimeProvider time,
    ILogger log,
    AgentCounters? counters = null)
{
    private static readonly TimeSpan s_beat = TimeSpan.FromSeconds(1);
    private readonly Lazy<string?> _bootId = new(() => bootIds.Read(out _));
    private bool _unsaved;

    public AgentState State { get; private set; } = AgentState.Initial;

    /// <summary>What systemd last said of CRI-O (null before the first look).</summary>
    public CrioObservation? LastCrio { get; private set; }

    /// <summary>Now, as the machine sees it.</summary>
    public MachineClock Clock() => MachineClock.From(time, _bootId.Value);

    /// <summary>Makes the loaded state current without saving it (at start). <paramref name="unsaved"/>: what is on
    /// disk is behind it (<see cref="AgentStateStore.OwnershipCopyBehind"/>), so it is saved before the first effect
    /// that changes the node.</summary>
    public void Load(AgentState state, bool unsaved = false) => (State, _unsaved) = (state, unsaved);

    /// <summary>Handles <paramref name="first"/> and every event its effects lead to; returns all that was said.</summary>
    public async Task<IReadOnlyList<MachineNote>> DispatchAsync(AgentEvent first, CancellationToken cancellationToken)
    {
        var notes = new List<MachineNote>();
        for (AgentEvent? next = first; next is not null;)
        {
            var transition = machine.Handle(State, next, Clock());
            Say(transition.Next, transition.Notes);
            notes.AddRange(transition.Notes);
            var changed = !ReferenceEquals(transition.Next, State);
            if (transition.Effect is { ChangesTheNode: true } && (changed || _unsaved))
            {
                if (Save(transition.Next, "not continuing: ") is { } problem)
                {
                    // Never act on a state that is not durable: the write-ahead claim would be lost with it.
                    notes.Add(problem);
                    return notes;
                }
            }
            else if (changed)
            {
                _unsaved = true;
            }

            State = transition.Next;

            next = transition.Effect is { } effect ? await PerformAsync(effect, cancellationToken).ConfigureAwait(false) : null;
            if (next is not null)
            {
                counters?.Record(next, State.Activation?.Kind);
            }
        }

        return notes;
    }

    /// <summary>Why the state in memory is not on disk, while a save keeps failing (null once one succeeds).</summary>
    public string? SaveProblem { get; private set; }

    /// <summary>Makes the current state durable if it changed since the last save (the end of a loop step, the end of
    /// a one-shot verb). Null when saved or nothing to save; otherwise the problem, already logged (the state stays
    /// unsaved and the next save tries again).</summary>
    public MachineNote? Persist() => _unsaved ? Save(State) : null;

    private MachineNote? Save(AgentState state, string consequence = "")
    {
        if (store.Save(state) is { Failed: true, Diagnostic: { } failure })
        {
            var problem = new MachineNote(NoteLevel.Error, $"{consequence}the agent state cannot be saved ({failure})", Diagnostics: [failure]);
            Say(State, [problem]);
            SaveProblem = problem.Message;
            return problem;
        }

        _unsaved = false;
        SaveProblem = null;
        return null;
    }

    private async Task<AgentEvent> PerformAsync(AgentEffect effect, CancellationToken cancellationToken)
    {
        switch (effect)
        {
            case WriteFiles write:
                var outcome = applier.Apply(write.Config.Changed);
                return outcome.Succeeded
                    ? new FilesWritten(write.Config, outcome.Changed)
                    : new FilesNotWritten(write.Config, write.Before, outcome.CompensationFailed, outcome.Diagnostics, outcome.Conflicted);
            case RestoreKnownGood restore:
                return RestoreKnownGood(restore);
            case ObserveCrio:
                LastCrio = await crio.ObserveAsync(cancellationToken).ConfigureAwait(false);
                return new CrioObserved(LastCrio);
            case RestartCrio restart:
                // A restart may take minutes (CRI-O start, bounded by the controller): keep the watchdog fed meanwhile;
                // the bound is the controller's, a wedge anywhere else still stops the heartbeat.
                using (time.CreateTimer(_ => heartbeat.Beat(), null, TimeSpan.Zero, s_beat))
                {
                    var result = await crio.RestartAsync(restart, cancellationToken).ConfigureAwait(false);
                    LastCrio = null;
                    return result;
                }

            case Reboot reboot:
                return await crio.RebootAsync(reboot, cancellationToken).ConfigureAwait(false);
            default:
                throw new ArgumentOutOfRangeException(nameof(effect), effect, "unknown effect");
        }
    }

    private AgentEvent RestoreKnownGood(RestoreKnownGood restore)
    {
        var (node, readErrors) = new NodeConfigReader(root).Read();
        if (readErrors.Any(d => d.IsError))
        {
            return new KnownGoodNotRestored(readErrors);
        }

        byte[]? Of(IReadOnlyList<NodeFile>? files, string nodePath) => files?.FirstOrDefault(f => f.NodePath == nodePath)?.Content;

        var storage = OwnedEntriesReverter.Revert(node.EtcStorageConf, restore.Owned, restore.TargetOwnership,
            Of(restore.Target.Files, NodePaths.StorageConf), Of(restore.OurLastWrite, NodePaths.StorageConf));
        if (!storage.Succeeded)
        {
            return new KnownGoodNotRestored(storage.Diagnostics);
        }

        // The drop-in is ours alone: the last-known-good's bytes, whole.
        IReadOnlyList<RenderedFile> files =
        [
            new(NodePaths.StorageConf, storage.Content),
            new(NodePaths.CrioDropIn, Of(restore.Target.Files, NodePaths.CrioDropIn), staged: true),
        ];
        var outcome = applier.Replace(files);
        return outcome.Succeeded
            ? new KnownGoodRestored([.. files.Select(f => f.Desired)], outcome.Changed)
            : new KnownGoodNotRestored(outcome.Diagnostics);
    }

    private void Say(AgentState state, IReadOnlyList<MachineNote> notes)
    {
        foreach (var note in notes)
        {
            var entry = log.ForContext("Generation", state.Generation);
            switch (note.Level)
            {
                case NoteLevel.Information:
                    entry.Information("{Message:l}", note.Message);
                    break;
                case NoteLevel.Warning:
                    entry.Warning("{Message:l}", note.Message);
                    break;
                default:
                    entry.Error("{Message:l}", note.Message);
                    break;
            }
        }
    }
}
