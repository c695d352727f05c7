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
/// The one owner of the agent's state: feeds events to <see cref="AgentMachine"/>, saves each new state (before the
/// effect that goes with it: write-ahead), performs the effect and feeds its result back, until the machine asks for
/// nothing more. Nothing else writes <c>state.json</c>.
/// </summary>
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

    public AgentState State { get; private set; } = AgentState.Initial;

    /// <summary>What systemd last said of CRI-O (null before the first look).</summary>
    public CrioObservation? LastCrio { get; private set; }

    /// <summary>Now, as the machine sees it.</summary>
    public MachineClock Clock() => MachineClock.From(time, _bootId.Value);

    /// <summary>Makes the loaded state current without saving it (at start).</summary>
    public void Load(AgentState state) => State = state;

    /// <summary>Handles <paramref name="first"/> and every event its effects lead to; returns all that was said.</summary>
    public async Task<IReadOnlyList<MachineNote>> DispatchAsync(AgentEvent first, CancellationToken cancellationToken)
    {
        var notes = new List<MachineNote>();
        for (AgentEvent? next = first; next is not null;)
        {
            var transition = machine.Handle(State, next, Clock());
            Say(transition.Next, transition.Notes);
            notes.AddRange(transition.Notes);
            if (!ReferenceEquals(transition.Next, State))
            {
                if (store.Save(transition.Next) is { Failed: true, Diagnostic: { } failure })
                {
                    // Never act on a state that is not durable: the write-ahead claim would be lost with it.
                    var problem = new MachineNote(NoteLevel.Error, $"not continuing: the agent state cannot be saved ({failure})", Diagnostics: [failure]);
                    Say(State, [problem]);
                    notes.Add(problem);
                    return notes;
                }

                State = transition.Next;
            }

            next = transition.Effect is { } effect ? await PerformAsync(effect, cancellationToken).ConfigureAwait(false) : null;
            if (next is not null)
            {
                counters?.Record(next, State.Activation?.Kind);
            }
        }

        return notes;
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
