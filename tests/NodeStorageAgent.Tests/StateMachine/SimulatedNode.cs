using System.Text;
using Microsoft.Extensions.Time.Testing;
using NodeStorageAgent.Activation;
using NodeStorageAgent.Apply;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.StateMachine;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Tests.StateMachine;

/// <summary>
/// Drives <see cref="AgentMachine"/> the way <c>EffectRunner</c> does, against a node kept in memory: the saved
/// state is what a crash leaves, effects succeed unless scripted otherwise, and CRI-O's answers to restarts come from
/// a queue. Time is a <see cref="FakeTimeProvider"/>. Every effect performed is recorded. As in the runner, a new
/// state is saved before an effect that changes the node, and otherwise when the event has been handled (the loop's
/// step ends); a crash loses what was not saved.
/// </summary>
internal sealed class SimulatedNode
{
    private readonly AgentMachine _machine;
    private int _invocation = 1;

    private AgentState _current;

    public SimulatedNode(ActivationPolicy? policy = null, AgentState? state = null)
    {
        _machine = new AgentMachine(policy ?? new ActivationPolicy(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5)));
        Saved = _current = state ?? AgentState.Initial;
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public string BootId { get; set; } = "boot-1";

    /// <summary>The state as it is on disk.</summary>
    public AgentState Saved { get; private set; }

    public List<AgentEffect> Effects { get; } = [];

    public List<MachineNote> Notes { get; } = [];

    public UnitActiveState Crio { get; set; } = UnitActiveState.Active;

    public string CrioInvocation => $"inv-{_invocation}";

    /// <summary>What the next restarts do: true comes up, false fails to start. Empty: comes up.</summary>
    public Queue<bool> RestartOutcomes { get; } = new();

    /// <summary>Stop (as kill -9 would) right after the state for the first effect this matches was saved.</summary>
    public Func<AgentEffect, bool>? CrashBefore { get; set; }

    /// <summary>Stop (as kill -9 would) right after the first effect this matches was performed, before its outcome
    /// is handled.</summary>
    public Func<AgentEffect, bool>? CrashAfter { get; set; }

    /// <summary>CRI-O restarted by someone else (or by a restart the agent was killed during).</summary>
    public void RestartedOutsideTheAgent()
    {
        _invocation++;
        Crio = UnitActiveState.Active;
    }

    public int Count<T>() where T : AgentEffect => Effects.OfType<T>().Count();

    /// <summary>Where the wall clock stands against the monotonic one (an admin or NTP setting the time).</summary>
    public TimeSpan WallClockOffset { get; set; }

    public MachineClock Clock => MachineClock.From(Time, BootId) is var c ? c with { Utc = c.Utc + WallClockOffset } : null!;

    /// <summary>Handles the event and every event its effects lead to. False when the scripted crash stopped it.</summary>
    public bool Send(AgentEvent first)
    {
        for (AgentEvent? next = first; next is not null;)
        {
            var transition = _machine.Handle(_current, next, Clock);
            Notes.AddRange(transition.Notes);
            _current = transition.Next;
            if (transition.Effect is not { } effect)
            {
                Saved = _current;
                return true;
            }

            if (effect.ChangesTheNode)
            {
                Saved = _current;
            }

            if (CrashBefore?.Invoke(effect) == true)
            {
                CrashBefore = null;
                _current = Saved;
                return false;
            }

            Effects.Add(effect);
            next = Perform(effect);
            if (CrashAfter?.Invoke(effect) == true)
            {
                CrashAfter = null;
                _current = Saved;
                return false;
            }
        }

        return true;
    }

    private AgentEvent Perform(AgentEffect effect) => effect switch
    {
        WriteFiles write => new FilesWritten(write.Config, [.. write.Config.Changed.Select(f => f.NodePath)]),
        RestoreKnownGood restore => new KnownGoodRestored(restore.Target.Files, [NodePaths.StorageConf]),
        ObserveCrio => new CrioObserved(new CrioObservation(Crio, Crio == UnitActiveState.Active ? CrioInvocation : null)),
        RestartCrio restart when restart.OnlyIfRunning && Crio != UnitActiveState.Active => new CrioNotRunning(restart.Digest, Crio),
        RestartCrio restart => Restart(restart),
        Reboot reboot => new RebootIssued(reboot.Digest),
        _ => throw new ArgumentOutOfRangeException(nameof(effect)),
    };

    private AgentEvent Restart(RestartCrio restart)
    {
        _invocation++;
        if (RestartOutcomes.Count == 0 || RestartOutcomes.Dequeue())
        {
            Crio = UnitActiveState.Active;
            return new CrioRestarted(restart.Digest, CrioInvocation);
        }

        Crio = UnitActiveState.Failed;
        return new CrioRestartFailed(restart.Digest, new Diagnostics.Diagnostic("NSA4503", Diagnostics.DiagnosticSeverity.Error, "crio.service failed to start"));
    }

    /// <summary>A rendered config whose storage.conf lists <paramref name="imageStores"/> as ours.</summary>
    public static RenderedConfig Config(params string[] imageStores)
    {
        var text = "[storage]\ndriver = \"overlay\"\n[storage.options]\nadditionalimagestores = [" +
                   string.Join(", ", imageStores.Select(s => $"\"{s}\"")) + "]\n";
        IReadOnlyList<RenderedFile> files = [new(NodePaths.StorageConf, Encoding.UTF8.GetBytes(text)), new(NodePaths.CrioDropIn, null, staged: true)];
        return new RenderedConfig(files, files.Take(1).ToList(), RenderedFileDigest.Compute(files), new StorageOwnership(imageStores, []));
    }

    public static IReadOnlyList<NodeFile> Originals { get; } =
        [new(NodePaths.StorageConf, Encoding.UTF8.GetBytes("[storage]\ndriver = \"overlay\"\n")), new(NodePaths.CrioDropIn, null)];
}
