using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.StateMachine;

namespace NodeStorageAgent.Activation;

/// <summary>
/// Carries out the CRI-O effects of <see cref="AgentMachine"/>: asks systemd about CRI-O, restarts it and waits
/// (bounded) for it to come back, reboots. Holds no state and decides nothing: each call returns the event that says
/// what happened, and the machine decides what follows (a rollback, a retry, nothing).
/// </summary>
public sealed class CrioController(SystemctlClient systemctl, TimeProvider time, CrioActivatorOptions? options = null) : ICrioControl
{
    private const string InvocationProperty = "InvocationID";

    private readonly CrioActivatorOptions _options = options ?? new CrioActivatorOptions();

    public string Unit => _options.Unit;

    public async Task<CrioObservation> ObserveAsync(CancellationToken cancellationToken)
    {
        var activity = await systemctl.IsActiveAsync(Unit, cancellationToken).ConfigureAwait(false);
        var invocation = activity.IsRunning ? await InvocationAsync(cancellationToken).ConfigureAwait(false) : null;
        return new CrioObservation(activity.State, invocation);
    }

    public async Task<AgentEvent> RestartAsync(RestartCrio effect, CancellationToken cancellationToken)
    {
        var before = await systemctl.IsActiveAsync(Unit, cancellationToken).ConfigureAwait(false);
        if (before.State == UnitActiveState.Unknown)
        {
            return new CrioStateUnknown(effect.Digest, before.Result.ToDiagnostic(ActivationDiagnostics.SystemctlFailed));
        }

        if (effect.OnlyIfRunning && !before.IsRunning)
        {
            // At boot, before CRI-O starts: it will read the new files itself. Never start it from here.
            return new CrioNotRunning(effect.Digest, before.State);
        }

        var previous = before.IsRunning ? await InvocationAsync(cancellationToken).ConfigureAwait(false) : null;
        var restart = await systemctl.RestartNoBlockAsync(Unit, cancellationToken).ConfigureAwait(false);
        if (!restart.Succeeded)
        {
            return new CrioRestartFailed(effect.Digest, restart.ToDiagnostic(ActivationDiagnostics.SystemctlFailed));
        }

        return await WaitForNewInvocationAsync(effect.Digest, previous, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AgentEvent> RebootAsync(Reboot effect, CancellationToken cancellationToken)
    {
        var reboot = await systemctl.RebootAsync(cancellationToken).ConfigureAwait(false);
        return reboot.Succeeded
            ? new RebootIssued(effect.Digest)
            : new RebootFailed(effect.Digest, reboot.ToDiagnostic(ActivationDiagnostics.RebootFailed));
    }

    /// <summary>
    /// Polls until the unit is active with a new invocation. Just after the restart is queued the old process may
    /// still report "active", so a changed <c>InvocationID</c> (new on every start, systemd ≥ 232:
    /// systemd/systemd NEWS for v232) is what proves the restart happened. systemd does not time CRI-O's start out
    /// (cri-o/cri-o contrib/systemd/crio.service has <c>TimeoutStartSec=0</c>), so the bound is ours.
    /// </summary>
    private async Task<AgentEvent> WaitForNewInvocationAsync(string digest, string? previous, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var activity = await systemctl.IsActiveAsync(Unit, cancellationToken).ConfigureAwait(false);
            if (activity.IsRunning)
            {
                var current = await InvocationAsync(cancellationToken).ConfigureAwait(false);
                if (string.IsNullOrEmpty(previous) || (!string.IsNullOrEmpty(current) && current != previous))
                {
                    // No invocation id to compare (old systemd): "active" after the restart is all we have.
                    return new CrioRestarted(digest, current);
                }
            }

            if (activity.State == UnitActiveState.Failed)
            {
                return new CrioRestartFailed(digest, new Diagnostic(ActivationDiagnostics.StartFailed, DiagnosticSeverity.Error,
                    $"{Unit} failed to start after the restart (see `journalctl -u {Unit}`)"));
            }

            if (time.GetElapsedTime(started) >= _options.StartTimeout)
            {
                return new CrioRestartFailed(digest, new Diagnostic(ActivationDiagnostics.StartTimedOut, DiagnosticSeverity.Error,
                    $"{Unit} was not active {_options.StartTimeout.TotalSeconds:0.#}s after the restart (last state: {activity.State.ToString().ToLowerInvariant()})"));
            }

            await Task.Delay(_options.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string?> InvocationAsync(CancellationToken cancellationToken)
    {
        var value = await systemctl.ShowAsync(Unit, InvocationProperty, cancellationToken).ConfigureAwait(false);
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
