using NodeStorageAgent.Activation;
using NodeStorageAgent.StateMachine;

namespace NodeStorageAgent.Tests.Reconcile;

/// <summary>CRI-O as the loop's unit tests need it: running, restarted on request (a new invocation each time), or
/// failing to start when told. The real controller is tested against the systemctl stand-in.</summary>
internal sealed class ScriptedCrio : ICrioControl
{
    private int _invocation = 1;

    public UnitActiveState State { get; set; } = UnitActiveState.Active;

    /// <summary>How many of the next restarts fail to start.</summary>
    public int FailingStarts { get; set; }

    public int Restarts { get; private set; }

    /// <summary>Called as a restart is requested.</summary>
    public Action? BeforeRestart { get; set; }

    public Task<CrioObservation> ObserveAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new CrioObservation(State, State == UnitActiveState.Active ? $"inv-{_invocation}" : null));

    public Task<AgentEvent> RestartAsync(RestartCrio effect, CancellationToken cancellationToken)
    {
        if (effect.OnlyIfRunning && State != UnitActiveState.Active)
        {
            return Task.FromResult<AgentEvent>(new CrioNotRunning(effect.Digest, State));
        }

        BeforeRestart?.Invoke();
        Restarts++;
        _invocation++;
        var fails = FailingStarts > 0;
        FailingStarts--;
        State = fails ? UnitActiveState.Failed : UnitActiveState.Active;
        return Task.FromResult<AgentEvent>(fails
            ? new CrioRestartFailed(effect.Digest, new Diagnostics.Diagnostic(ActivationDiagnostics.StartFailed, Diagnostics.DiagnosticSeverity.Error, "failed"))
            : new CrioRestarted(effect.Digest, $"inv-{_invocation}"));
    }

    public Task<AgentEvent> RebootAsync(Reboot effect, CancellationToken cancellationToken) =>
        Task.FromResult<AgentEvent>(new RebootIssued(effect.Digest));
}
