using NodeStorageAgent.Activation;
using NodeStorageAgent.Apply;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Reconcile;

namespace NodeStorageAgent.StateMachine;

/// <summary>
/// The agent's decisions, as one pure function: (saved state, event, time) → (new state, next effect, notes). It
/// reads no file and runs no process; <see cref="EffectRunner"/> performs the effects and saves the new state
/// <em>before</em> any effect that changes the node (a look at CRI-O changes nothing and needs no save first).
/// </summary>
/// <remarks>
/// The write-ahead ownership rule lives here and only here (<see cref="Claim"/>): whenever an effect may change which
/// storage.conf entries are ours, the state that goes with it claims the entries of both versions, and only the event
/// that reports the result narrows the claim. A crash between the save and the file write therefore never leaves an
/// entry of ours looking like an admin's.
/// <para>Activations are resumable: <see cref="AgentState.Activation"/> is saved before CRI-O is restarted, and an
/// agent that starts again with one pending first asks systemd what became of it.</para>
/// </remarks>
public sealed class AgentMachine(ActivationPolicy policy)
{
    public ActivationPolicy Policy => policy;

    public Transition Handle(AgentState state, AgentEvent e, MachineClock now) => e switch
    {
        AgentStarted started => Started(state, started, now),
        ConfigRendered rendered => Rendered(state, rendered.Config),
        FilesWritten written => Written(state, written, now),
        FilesNotWritten failed => NotWritten(state, failed),
        ActivationDue due => Due(state, due, now),
        CrioObserved observed => Observed(state, observed.Crio, now),
        CrioRestarted restarted => Restarted(state, restarted, now),
        CrioRestartFailed failed => RestartFailed(state, failed.Digest, failed.Problem.ToString(), now),
        CrioNotRunning notRunning => NotRunning(state, notRunning),
        CrioStateUnknown unknown => Transition.Stay(
            state with { Activation = null, ActivationProblem = $"configuration {Short(unknown.Digest)} written; cannot tell whether CRI-O runs, so it was not restarted: {unknown.Problem}" },
            new MachineNote(NoteLevel.Error, $"cannot tell whether CRI-O runs; configuration {Short(unknown.Digest)} is written but not restarted: {unknown.Problem}")),
        KnownGoodRestored restored => Restored(state, restored),
        KnownGoodNotRestored notRestored => Transition.Stay(
            state with { Activation = null, ActivationProblem = "writing the last-known-good back failed: " + string.Join("; ", notRestored.Problems) },
            new MachineNote(NoteLevel.Error, "writing the last-known-good back failed: " + string.Join("; ", notRestored.Problems), Diagnostics: notRestored.Problems)),
        RebootIssued issued => Transition.Stay(state, new MachineNote(NoteLevel.Information, $"rebooting to activate configuration {Short(issued.Digest)}")),
        RebootFailed failed => Transition.Stay(
            state with { RebootRequested = null, ActivationProblem = $"systemctl reboot failed: {failed.Problem}" },
            new MachineNote(NoteLevel.Error, $"systemctl reboot failed: {failed.Problem}")),
        RollbackAsked => Rollback(state, now),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "unknown event"),
    };

    private static Transition Started(AgentState state, AgentStarted started, MachineClock now)
    {
        var next = state;
        if (state.LastKnownGood is null && started.NodeFiles is { } files)
        {
            // Before our first change: the node's own files are what CRI-O runs, and what a failure rolls back to.
            var digest = RenderedFileDigest.Compute(files);
            next = next with
            {
                LastKnownGood = new KnownGoodConfig(state.Generation, digest, files),
                LastKnownGoodOwnership = state.OwnedStorageEntries,
                AppliedDigest = state.AppliedDigest ?? digest,
                AppliedFiles = state.AppliedFiles ?? files,
            };
        }

        if (state.RebootRequested is { } reboot && reboot.BootId != now.BootId && reboot.Digest == state.AppliedDigest)
        {
            // The node rebooted for this configuration: CRI-O reads it when it starts; confirm that, don't reboot again.
            next = next with { WrittenWhileCrioDown = reboot.Digest };
        }

        // Learn CRI-O's invocation: it settles an activation a crash interrupted, and is the baseline of the next one.
        return new Transition(next, new ObserveCrio(), []);
    }

    private static Transition Rendered(AgentState state, RenderedConfig config)
    {
        if (config.Digest == state.FailedDigest)
        {
            // This exact config already failed to start CRI-O and was rolled back: not retried until the desired
            // state or store health changes the rendering.
            return Transition.Stay(state, new MachineNote(NoteLevel.Warning,
                $"not applying {Short(config.Digest)}: CRI-O did not start with it before; waiting for the desired state or store health to change",
                ReconcileCodes.FailedGenerationHeld));
        }

        if (!config.HasChanges)
        {
            return state.AppliedDigest == config.Digest && state.OwnedStorageEntries.Equals(config.Ownership)
                ? Transition.Stay(state)
                : Transition.Stay(state with { AppliedDigest = config.Digest, AppliedFiles = config.Snapshots, OwnedStorageEntries = config.Ownership });
        }

        return new Transition(Claim(state, config.Ownership), new WriteFiles(config, state.OwnedStorageEntries), []);
    }

    private static Transition Written(AgentState state, FilesWritten written, MachineClock now)
    {
        var generation = state.Generation + 1;
        var next = state with
        {
            Generation = generation,
            AppliedDigest = written.Config.Digest,
            AppliedFiles = written.Config.Snapshots,
            OwnedStorageEntries = written.Config.Ownership,
            LastChange = now.Stamp(),
            ActivationProblem = null,
        };
        return Transition.Stay(next, new MachineNote(NoteLevel.Information,
            $"Applied generation {generation} ({Short(written.Config.Digest)}): wrote {string.Join(", ", written.Changed)}"));
    }

    private static Transition NotWritten(AgentState state, FilesNotWritten failed)
    {
        // The files are the previous version again (or, when undoing failed too, possibly either: keep claiming both).
        var next = failed.Mixed ? state : state with { OwnedStorageEntries = failed.Before };
        return failed.Conflicted
            ? Transition.Stay(next, new MachineNote(NoteLevel.Information,
                $"a managed file changed while the configuration was rendered from it; rendering again from the new bytes ({failed.Problems[0].Path})",
                ReconcileCodes.RenderedFromStaleFile))
            : Transition.Stay(next, new MachineNote(NoteLevel.Error, "Applying the configuration failed; the previous files stay: " +
                (failed.Problems.Count > 0 ? failed.Problems[0].ToString() : "unknown"), Diagnostics: failed.Problems));
    }

    private Transition Due(AgentState state, ActivationDue due, MachineClock now)
    {
        if (state.Activation is not null)
        {
            return new Transition(state, new ObserveCrio(), []);
        }

        var plan = ActivationPlanner.Plan(state, due.Action, now, due.Decisions, policy);
        return plan.Decision switch
        {
            ActivationDecision.AwaitCrioStart => new Transition(state, new ObserveCrio(), []),
            ActivationDecision.ActivateNow when due.Action == ApplyAction.Reboot => Reboot(state, now),
            ActivationDecision.ActivateNow => new Transition(
                state with { Activation = new PendingActivation(ActivationKind.Restart, state.AppliedDigest!, state.Generation, null, state.LastKnownGood?.CrioInvocationId, now.Utc) },
                new RestartCrio(state.AppliedDigest!, OnlyIfRunning: true), []),
            _ => Transition.Stay(state),
        };
    }

    private static Transition Reboot(AgentState state, MachineClock now)
    {
        var digest = state.AppliedDigest!;
        if (now.BootId is null)
        {
            return Transition.Stay(state with { ActivationProblem = "not rebooting: without the boot id a reboot could not be limited to once per configuration" },
                new MachineNote(NoteLevel.Error, "not rebooting: the boot id cannot be read, so a reboot could not be limited to once per configuration"));
        }

        if (state.RebootRequested is { } earlier && earlier.Digest == digest)
        {
            if (earlier.BootId == now.BootId)
            {
                return Transition.Stay(state);
            }

            var problem = $"not rebooting again: the node already rebooted once for configuration {Short(digest)} (requested {earlier.RequestedUtc:u}) and it is still not in effect";
            return state.ActivationProblem == problem
                ? Transition.Stay(state)
                : Transition.Stay(state with { ActivationProblem = problem }, new MachineNote(NoteLevel.Error, problem));
        }

        // Durable before the reboot (the runner saves this state first), or a configuration that never takes effect
        // would reboot the node forever.
        return new Transition(state with { RebootRequested = new RebootRecord(digest, now.BootId, now.Utc) }, new Reboot(digest), []);
    }

    private static Transition Observed(AgentState state, CrioObservation crio, MachineClock now)
    {
        if (state.Activation is { } pending)
        {
            return Resume(state, pending, crio, now);
        }

        if (state.WrittenWhileCrioDown is { } written && written == state.AppliedDigest)
        {
            if (crio.IsRunning)
            {
                return Transition.Stay(Promote(state, written, crio.InvocationId) with { WrittenWhileCrioDown = null },
                    new MachineNote(NoteLevel.Information, $"CRI-O started with generation {state.Generation}: it is the last-known-good"));
            }

            if (crio.State == UnitActiveState.Failed && state.LastKnownGood is not null)
            {
                // CRI-O read our files at its start and failed: that is a failed activation, rolled back like one.
                return RestartFailed(state with { WrittenWhileCrioDown = null }, written, "CRI-O failed to start with it", now);
            }

            return Transition.Stay(state);
        }

        if (crio.IsRunning && state.LastKnownGood is { } good && state.AppliedDigest == good.Digest && good.CrioInvocationId != crio.InvocationId)
        {
            // Running what we last saw it run, or restarted by someone else on the same files: this invocation runs them.
            return Transition.Stay(state with { LastKnownGood = good with { CrioInvocationId = crio.InvocationId } });
        }

        return Transition.Stay(state);
    }

    /// <summary>An activation this agent (or one killed before it) started and did not see finish.</summary>
    private static Transition Resume(AgentState state, PendingActivation pending, CrioObservation crio, MachineClock now)
    {
        if (pending.Kind == ActivationKind.Restart)
        {
            if (crio.IsRunning && (pending.BaselineInvocationId is null || crio.InvocationId != pending.BaselineInvocationId))
            {
                return Restarted(state, new CrioRestarted(pending.Digest, crio.InvocationId), now);
            }

            return crio.State switch
            {
                UnitActiveState.Failed => RestartFailed(state, pending.Digest, "CRI-O was found failed after an interrupted restart", now),
                UnitActiveState.Activating or UnitActiveState.Deactivating or UnitActiveState.Unknown => Transition.Stay(state),
                // Still the old invocation: the restart never happened. Plan it again.
                _ when crio.IsRunning => Transition.Stay(state with { Activation = null }),
                _ => Transition.Stay(state with { Activation = null, WrittenWhileCrioDown = pending.Digest }),
            };
        }

        // A rollback was under way: the files may be either version. Write our last-known-good entries again (it is
        // idempotent) and restart onto them.
        return RestoreFromKnownGood(state, pending);
    }

    private static Transition Restarted(AgentState state, CrioRestarted restarted, MachineClock now)
    {
        var rolledBack = state.Activation is { Kind: ActivationKind.Rollback } pending ? pending : null;
        var next = Promote(state, restarted.Digest, restarted.InvocationId) with
        {
            Activation = null,
            LastRestart = now.Stamp(),
            LastRestartUtc = now.Utc,
            WrittenWhileCrioDown = null,
            ActivationProblem = rolledBack is null
                ? null
                : $"crio.service did not come back with configuration {Short(rolledBack.FailedDigest)}; rolled back to generation {rolledBack.Generation}, which runs",
        };
        return Transition.Stay(next, rolledBack is null
            ? new MachineNote(NoteLevel.Information, $"crio.service restarted with configuration {Short(restarted.Digest)}")
            : new MachineNote(NoteLevel.Error, next.ActivationProblem!));
    }

    private static Transition RestartFailed(AgentState state, string digest, string problem, MachineClock now)
    {
        var next = state with { LastRestart = now.Stamp(), LastRestartUtc = now.Utc };
        if (state.Activation is { Kind: not ActivationKind.Restart } rollback)
        {
            var failed = $"crio.service did not come back with configuration {Short(rollback.FailedDigest ?? digest)}, nor with generation {rollback.Generation} after the rollback: {problem}";
            return Transition.Stay(next with { Activation = null, ActivationProblem = failed }, new MachineNote(NoteLevel.Error, failed));
        }

        next = next with { FailedDigest = digest, Activation = null };
        if (state.LastKnownGood is not { } good || good.Digest == digest)
        {
            var nothing = $"crio.service did not come back with configuration {Short(digest)}, and there is nothing to roll back to: {problem}";
            return Transition.Stay(next with { ActivationProblem = nothing }, new MachineNote(NoteLevel.Error, nothing));
        }

        var pending = new PendingActivation(ActivationKind.Rollback, good.Digest, good.Generation, digest, null, now.Utc);
        var rolling = RestoreFromKnownGood(next, pending);
        return rolling with
        {
            Notes = [new MachineNote(NoteLevel.Error, $"crio.service did not come back with configuration {Short(digest)}: {problem}; rolling back to generation {good.Generation}"), .. rolling.Notes],
        };
    }

    private static Transition RestoreFromKnownGood(AgentState state, PendingActivation pending)
    {
        var good = state.LastKnownGood!;
        var claimed = Claim(state, state.LastKnownGoodOwnership) with { Activation = pending };
        return new Transition(claimed,
            new RestoreKnownGood(good, state.LastKnownGoodOwnership, claimed.OwnedStorageEntries, state.AppliedFiles), []);
    }

    private static Transition Restored(AgentState state, KnownGoodRestored restored)
    {
        var digest = RenderedFileDigest.Compute(restored.Files);
        var next = state with
        {
            AppliedDigest = digest,
            AppliedFiles = restored.Files,
            OwnedStorageEntries = state.LastKnownGoodOwnership,
        };
        if (state.Activation is not { } pending)
        {
            return Transition.Stay(next);
        }

        var asked = pending.Kind == ActivationKind.AskedRollback;
        return new Transition(next with { Activation = pending with { Digest = digest } }, new RestartCrio(digest, OnlyIfRunning: asked),
            [new MachineNote(NoteLevel.Information, $"wrote back generation {pending.Generation} ({string.Join(", ", restored.Changed)})")]);
    }

    private static Transition NotRunning(AgentState state, CrioNotRunning notRunning) =>
        Transition.Stay(state with { Activation = null, WrittenWhileCrioDown = notRunning.Digest, ActivationProblem = null },
            new MachineNote(NoteLevel.Information,
                $"configuration {Short(notRunning.Digest)} written; crio.service is {notRunning.State.ToString().ToLowerInvariant()}, not restarted"));

    private static Transition Rollback(AgentState state, MachineClock now)
    {
        if (state.LastKnownGood is not { } good)
        {
            return Transition.Stay(state, new MachineNote(NoteLevel.Error, "no last-known-good configuration is recorded (the agent never applied anything)"));
        }

        if (state.AppliedDigest == good.Digest)
        {
            return Transition.Stay(state, new MachineNote(NoteLevel.Information, $"already at the last-known-good configuration (generation {good.Generation})"));
        }

        var pending = new PendingActivation(ActivationKind.AskedRollback, good.Digest, good.Generation, state.AppliedDigest, null, now.Utc);
        return RestoreFromKnownGood(state with { FailedDigest = state.AppliedDigest }, pending);
    }

    /// <summary>CRI-O runs <paramref name="digest"/> (invocation <paramref name="invocationId"/>): it is the new
    /// last-known-good, with what we own in it.</summary>
    private static AgentState Promote(AgentState state, string digest, string? invocationId)
    {
        var files = digest == state.AppliedDigest && state.AppliedFiles is { } applied ? applied : state.LastKnownGood?.Files ?? [];
        return state with
        {
            LastKnownGood = new KnownGoodConfig(state.Generation, digest, files, invocationId),
            LastKnownGoodOwnership = state.OwnedStorageEntries,
        };
    }

    /// <summary>The write-ahead rule: the state claims every entry either version owns.</summary>
    private static AgentState Claim(AgentState state, Rendering.StorageOwnership other)
    {
        var claimed = state.OwnedStorageEntries.Union(other);
        return claimed.Equals(state.OwnedStorageEntries) ? state : state with { OwnedStorageEntries = claimed };
    }

    internal static string Short(string? digest) => digest is null ? "none" : digest.Length > 19 ? digest[..19] : digest;
}
