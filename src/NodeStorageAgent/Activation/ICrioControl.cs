using NodeStorageAgent.StateMachine;

namespace NodeStorageAgent.Activation;

/// <summary>The CRI-O effects of the state machine (<see cref="CrioController"/> through systemctl; a scripted one in
/// the loop's unit tests, which run on fake time).</summary>
public interface ICrioControl
{
    Task<CrioObservation> ObserveAsync(CancellationToken cancellationToken);

    Task<AgentEvent> RestartAsync(RestartCrio effect, CancellationToken cancellationToken);

    Task<AgentEvent> RebootAsync(Reboot effect, CancellationToken cancellationToken);
}
