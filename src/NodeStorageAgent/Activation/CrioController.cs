using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.StateMachine;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace NodeStorageAgent.Activation;

/// <summary>
/// Carries out the CRI-O effects of <see cref="AgentMachine"/>: asks systemd about CRI-O, restarts it and waits
/// (bounded) for it to come back, reboots. Holds no state and decides nothing: each call returns the event that says
/// what happened, and the machine decides what follows (a rollback, a retry, nothing).
/// </summary>
/// <remarks>
/// The waiting is Polly.Core on the injected <see cref="TimeProvider"/>: a retry that asks systemd again every
/// <see cref="CrioActivatorOptions.PollInterval"/> until CRI-O is active with a new invocation (or has failed), inside a
/// timeout of <see cref="CrioActivatorOptions.StartTimeout"/>; and a retry of <c>systemctl restart</c> itself when
/// systemctl did not answer (it timed out or could not start), never when it refused. The restart rate limit is not
/// here: it must survive the agent's own restarts, so it is part of the saved state and the state machine's plan.
/// </remarks>
public sealed class CrioController : ICrioControl
{
    private readonly SystemctlClient _systemctl;
    private readonly CrioActivatorOptions _options;
    private readonly ResiliencePipeline<UnitActivity?> _untilStarted;
    private readonly ResiliencePipeline<CommandResult> _restartCommand;

    public CrioController(SystemctlClient systemctl, TimeProvider time, CrioActivatorOptions? options = null)
    {
        _systemctl = systemctl;
        _options = options ?? new CrioActivatorOptions();
        _untilStarted = new ResiliencePipelineBuilder<UnitActivity?> { TimeProvider = time }
            .AddTimeout(_options.StartTimeout)
            .AddRetry(new RetryStrategyOptions<UnitActivity?>
            {
                // Null: not there yet (still activating, or the old invocation still reports active).
                ShouldHandle = args => ValueTask.FromResult(args.Outcome is { Exception: null, Result: null }),
                MaxRetryAttempts = int.MaxValue,
                Delay = _options.PollInterval,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
            })
            .Build();
        _restartCommand = new ResiliencePipelineBuilder<CommandResult> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<CommandResult>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } r && (r.TimedOut || r.StartError is not null)),
                MaxRetryAttempts = 2,
                Delay = _options.PollInterval,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
            })
            .Build();
    }

    public string Unit => _options.Unit;

    public async Task<CrioObservation> ObserveAsync(CancellationToken cancellationToken)
    {
        var activity = await _systemctl.ShowActivityAsync(Unit, cancellationToken).ConfigureAwait(false);
        return new CrioObservation(activity.State, activity.InvocationId);
    }

    public async Task<AgentEvent> RestartAsync(RestartCrio effect, CancellationToken cancellationToken)
    {
        var before = await _systemctl.ShowActivityAsync(Unit, cancellationToken).ConfigureAwait(false);
        if (before.State == UnitActiveState.Unknown)
        {
            return new CrioStateUnknown(effect.Digest, before.Result.ToDiagnostic(ActivationDiagnostics.SystemctlFailed));
        }

        if (effect.OnlyIfRunning && !before.IsRunning)
        {
            // At boot, before CRI-O starts: it will read the new files itself. Never start it from here.
            return new CrioNotRunning(effect.Digest, before.State);
        }

        var previous = before.InvocationId;
        var restart = await _restartCommand.ExecuteAsync(
            async token => await _systemctl.RestartNoBlockAsync(Unit, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (!restart.Succeeded)
        {
            return new CrioRestartFailed(effect.Digest, restart.ToDiagnostic(ActivationDiagnostics.SystemctlFailed));
        }

        return await WaitForNewInvocationAsync(effect.Digest, previous, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AgentEvent> RebootAsync(Reboot effect, CancellationToken cancellationToken)
    {
        var reboot = await _systemctl.RebootAsync(cancellationToken).ConfigureAwait(false);
        return reboot.Succeeded
            ? new RebootIssued(effect.Digest)
            : new RebootFailed(effect.Digest, reboot.ToDiagnostic(ActivationDiagnostics.RebootFailed));
    }

    /// <summary>
    /// Asks until the unit is active with a new invocation. Just after the restart is queued the old process may
    /// still report "active", so a changed <c>InvocationID</c> (new on every start, systemd ≥ 232:
    /// systemd/systemd NEWS for v232) is what proves the restart happened. systemd does not time CRI-O's start out
    /// (cri-o/cri-o contrib/systemd/crio.service has <c>TimeoutStartSec=0</c>), so the bound is ours.
    /// </summary>
    private async Task<AgentEvent> WaitForNewInvocationAsync(string digest, string? previous, CancellationToken cancellationToken)
    {
        var last = UnitActiveState.Unknown;
        string? invocation = null;
        UnitActivity? activity;
        try
        {
            activity = await _untilStarted.ExecuteAsync(async token =>
            {
                var now = await _systemctl.ShowActivityAsync(Unit, token).ConfigureAwait(false);
                last = now.State;
                if (now.State == UnitActiveState.Failed)
                {
                    return now;
                }

                if (!now.IsRunning)
                {
                    return null;
                }

                // No invocation id to compare (old systemd): "active" after the restart is all we have.
                invocation = now.InvocationId;
                return string.IsNullOrEmpty(previous) || (!string.IsNullOrEmpty(invocation) && invocation != previous) ? now : null;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            return new CrioRestartFailed(digest, new Diagnostic(ActivationDiagnostics.StartTimedOut, DiagnosticSeverity.Error,
                $"{Unit} was not active {_options.StartTimeout.TotalSeconds:0.#}s after the restart (last state: {last.ToString().ToLowerInvariant()})"));
        }

        return activity!.State == UnitActiveState.Failed
            ? new CrioRestartFailed(digest, new Diagnostic(ActivationDiagnostics.StartFailed, DiagnosticSeverity.Error,
                $"{Unit} failed to start after the restart (see `journalctl -u {Unit}`)"))
            : new CrioRestarted(digest, invocation);
    }
}
