using NodeStorageAgent.Apply;
using NodeStorageAgent.Diagnostics;

namespace NodeStorageAgent.Activation;

/// <summary>
/// Brings an already-written configuration into effect: restart CRI-O and wait for it, rolling the files back to
/// the last-known-good (and restarting once more) when it does not come back; or reboot, at most once per
/// configuration. Never loops: one attempt, at most one rollback, then an <see cref="ActivationOutcome"/>.
/// </summary>
/// <remarks>Rate limiting and coalescing of restarts are the caller's (<c>Reconcile.ActivationPlanner</c>).</remarks>
public sealed class CrioActivator(
    SystemctlClient systemctl,
    ConfigApplier applier,
    AgentStateStore stateStore,
    BootIdReader bootIds,
    TimeProvider time,
    CrioActivatorOptions? options = null)
{
    private readonly CrioActivatorOptions _options = options ?? new CrioActivatorOptions();

    public Task<ActivationOutcome> ActivateAsync(ActivationRequest request, CancellationToken cancellationToken = default) =>
        request.Action switch
        {
            ActivationAction.Restart => RestartAsync(request, cancellationToken),
            ActivationAction.Reboot => RebootAsync(request, cancellationToken),
            _ => Task.FromResult(new ActivationOutcome(
                ActivationStatus.Pending, $"configuration {request.Digest} written; a CRI-O restart is pending (action none)", request.State, [])),
        };

    /// <summary>
    /// Records the configuration on disk as last-known-good when CRI-O is running, e.g. after boot, when CRI-O
    /// started with files written while it was down. Returns null when CRI-O is not running or a file is unreadable.
    /// </summary>
    public async Task<AgentState?> PromoteIfRunningAsync(ActivationRequest request, CancellationToken cancellationToken = default)
    {
        var activity = await systemctl.IsActiveAsync(_options.Unit, cancellationToken).ConfigureAwait(false);
        var snapshot = applier.Snapshot(request.ManagedNodePaths);
        return activity.IsRunning && snapshot.Succeeded
            ? request.State with { LastKnownGood = new KnownGoodConfig(request.Generation, request.Digest, snapshot.Files) }
            : null;
    }

    private async Task<ActivationOutcome> RestartAsync(ActivationRequest request, CancellationToken cancellationToken)
    {
        var unit = _options.Unit;
        var before = await systemctl.IsActiveAsync(unit, cancellationToken).ConfigureAwait(false);
        if (before.State == UnitActiveState.Unknown)
        {
            return new ActivationOutcome(ActivationStatus.StatusUnknown,
                $"configuration {request.Digest} written; cannot tell whether {unit} runs, so it was not restarted",
                request.State, [before.Result.ToDiagnostic(ActivationDiagnostics.SystemctlFailed)]);
        }

        if (!before.IsRunning)
        {
            // At boot, before CRI-O starts: it will read the new files itself. Never start it from here.
            return new ActivationOutcome(ActivationStatus.NotRunningFilesOnly,
                $"configuration {request.Digest} written; {unit} is {before.State.ToString().ToLowerInvariant()}, not restarted",
                request.State, []);
        }

        var state = request.State with { LastRestartUtc = time.GetUtcNow() };
        var attempt = await RestartAndWaitAsync(cancellationToken).ConfigureAwait(false);
        if (attempt is null)
        {
            var diagnostics = new List<Diagnostic>();
            var snapshot = applier.Snapshot(request.ManagedNodePaths);
            if (snapshot.Succeeded)
            {
                state = state with { LastKnownGood = new KnownGoodConfig(request.Generation, request.Digest, snapshot.Files) };
            }
            else
            {
                diagnostics.AddRange(snapshot.Diagnostics.Select(d => d with { Code = ActivationDiagnostics.SnapshotFailed, Severity = DiagnosticSeverity.Warning }));
            }

            return new ActivationOutcome(ActivationStatus.Restarted,
                $"{unit} restarted with configuration {request.Digest}", state, diagnostics);
        }

        return await RollBackAsync(request, state with { FailedDigest = request.Digest }, attempt, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ActivationOutcome> RollBackAsync(ActivationRequest request, AgentState state, Diagnostic failure, CancellationToken cancellationToken)
    {
        var diagnostics = new List<Diagnostic> { failure };
        if (state.LastKnownGood is not { } lastKnownGood)
        {
            diagnostics.Add(new Diagnostic(ActivationDiagnostics.NoLastKnownGood, DiagnosticSeverity.Error,
                "no last-known-good configuration is recorded, so nothing can be rolled back"));
            return new ActivationOutcome(ActivationStatus.RollbackFailed,
                $"{_options.Unit} did not come back with configuration {request.Digest}, and there is nothing to roll back to", state, diagnostics);
        }

        var rollback = applier.RollbackTo(lastKnownGood);
        diagnostics.AddRange(rollback.Diagnostics);
        if (!rollback.Succeeded)
        {
            return new ActivationOutcome(ActivationStatus.RollbackFailed,
                $"{_options.Unit} did not come back with configuration {request.Digest}, and writing generation {lastKnownGood.Generation} back failed", state, diagnostics);
        }

        state = state with { LastRestartUtc = time.GetUtcNow() };
        if (await RestartAndWaitAsync(cancellationToken).ConfigureAwait(false) is { } second)
        {
            diagnostics.Add(second with { Code = ActivationDiagnostics.RollbackRestartFailed, Message = $"after the rollback: {second.Message}" });
            return new ActivationOutcome(ActivationStatus.RollbackFailed,
                $"{_options.Unit} did not come back with configuration {request.Digest}, nor with generation {lastKnownGood.Generation} after the rollback", state, diagnostics);
        }

        return new ActivationOutcome(ActivationStatus.RolledBack,
            $"{_options.Unit} did not come back with configuration {request.Digest}; rolled back to generation {lastKnownGood.Generation} ({lastKnownGood.Digest}), which runs",
            state, diagnostics);
    }

    /// <summary>
    /// <c>restart --no-block</c>, then polls until the unit is active with a new invocation. Just after the restart
    /// is queued the old process may still report "active", so a changed <c>InvocationID</c> (new on every start,
    /// systemd ≥ 232) is what proves the restart happened. Returns null on success, else why it failed.
    /// </summary>
    private async Task<Diagnostic?> RestartAndWaitAsync(CancellationToken cancellationToken)
    {
        var unit = _options.Unit;
        var previousInvocation = await systemctl.ShowAsync(unit, "InvocationID", cancellationToken).ConfigureAwait(false);
        var restart = await systemctl.RestartNoBlockAsync(unit, cancellationToken).ConfigureAwait(false);
        if (!restart.Succeeded)
        {
            return restart.ToDiagnostic(ActivationDiagnostics.SystemctlFailed);
        }

        var started = time.GetTimestamp();
        var last = UnitActiveState.Unknown;
        while (true)
        {
            var activity = await systemctl.IsActiveAsync(unit, cancellationToken).ConfigureAwait(false);
            last = activity.State;
            if (activity.IsRunning && await IsNewInvocationAsync(previousInvocation, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            if (activity.State == UnitActiveState.Failed)
            {
                return new Diagnostic(ActivationDiagnostics.StartFailed, DiagnosticSeverity.Error,
                    $"{unit} failed to start after the restart (see `journalctl -u {unit}`)");
            }

            if (time.GetElapsedTime(started) >= _options.StartTimeout)
            {
                return new Diagnostic(ActivationDiagnostics.StartTimedOut, DiagnosticSeverity.Error,
                    $"{unit} was not active {_options.StartTimeout.TotalSeconds:0.#}s after the restart (last state: {last.ToString().ToLowerInvariant()})");
            }

            await Task.Delay(_options.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> IsNewInvocationAsync(string? previousInvocation, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(previousInvocation))
        {
            return true; // No invocation id to compare (old systemd): "active" after the restart is all we have.
        }

        var current = await systemctl.ShowAsync(_options.Unit, "InvocationID", cancellationToken).ConfigureAwait(false);
        return !string.IsNullOrEmpty(current) && current != previousInvocation;
    }

    private async Task<ActivationOutcome> RebootAsync(ActivationRequest request, CancellationToken cancellationToken)
    {
        var state = request.State;
        var bootId = bootIds.Read(out var bootIdProblem);
        if (bootId is null)
        {
            return new ActivationOutcome(ActivationStatus.RebootSuppressed,
                "not rebooting: without the boot id a reboot could not be limited to once per configuration", state, [bootIdProblem!]);
        }

        if (state.RebootRequested is { } earlier && earlier.Digest == request.Digest)
        {
            return earlier.BootId == bootId
                ? new ActivationOutcome(ActivationStatus.RebootPending,
                    $"a reboot for configuration {request.Digest} was requested at {earlier.RequestedUtc:u}; waiting for it", state, [])
                : new ActivationOutcome(ActivationStatus.RebootSuppressed,
                    $"not rebooting again: the node already rebooted once for configuration {request.Digest} and it is still not in effect",
                    state, [new Diagnostic(ActivationDiagnostics.RebootSuppressed, DiagnosticSeverity.Error,
                        $"configuration {request.Digest} is not in effect after the reboot requested at {earlier.RequestedUtc:u}")]);
        }

        // Durable before the reboot, or a configuration that never takes effect would reboot the node forever.
        var requested = state with { RebootRequested = new RebootRecord(request.Digest, bootId, time.GetUtcNow()) };
        var save = stateStore.Save(requested);
        if (save.Failed)
        {
            return new ActivationOutcome(ActivationStatus.RebootSuppressed,
                "not rebooting: the reboot request could not be recorded", state,
                [save.Diagnostic! with { Code = ActivationDiagnostics.RebootNotPersisted }]);
        }

        var reboot = await systemctl.RebootAsync(cancellationToken).ConfigureAwait(false);
        if (reboot.Succeeded)
        {
            return new ActivationOutcome(ActivationStatus.RebootRequested, $"rebooting to activate configuration {request.Digest}", requested, []);
        }

        // No reboot is coming: forget the request, so a later attempt is not mistaken for a pending one.
        var diagnostics = new List<Diagnostic> { reboot.ToDiagnostic(ActivationDiagnostics.RebootFailed) };
        if (stateStore.Save(state) is { Failed: true, Diagnostic: { } undo })
        {
            diagnostics.Add(undo);
        }

        return new ActivationOutcome(ActivationStatus.RebootFailed, "systemctl reboot failed", state, diagnostics);
    }
}
