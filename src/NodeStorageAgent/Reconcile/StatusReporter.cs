using NodeStorageAgent.Apply;
using NodeStorageAgent.Metrics;
using NodeStorageAgent.Probing.Hysteresis;
using NodeStorageAgent.Probing.Reporting;
using NodeStorageAgent.Systemd;
using Serilog;

using NodeStorageAgent.StateMachine;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Reconcile;

/// <summary>
/// The one place that reports the agent's state: <c>/run/node-storage-agent/status.json</c> (for <c>status</c>),
/// systemd's <c>STATUS=</c> line (for <c>systemctl status</c>), and a journal entry when the overall health changes.
/// </summary>
public sealed class StatusReporter(NodeRoot root, AtomicFileWriter writer, StatusNotifier notifier, TimeProvider time, ILogger log, TextfileMetricsWriter? metrics = null)
{
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private AgentHealth? _lastHealth;
    private string? _lastProblem;

    public AgentStatus? Current { get; private set; }

    /// <param name="saveProblem">Why the agent's state is not on disk (<see cref="EffectRunner.SaveProblem"/>).</param>
    public AgentStatus Report(ReconcileResult? last, AgentState state, ActivationPlan? activation, string? activationProblem, DateTimeOffset? lastReconcileUtc,
        string? saveProblem = null)
    {
        var decisions = last?.Decisions ?? [];
        var errors = (last?.Diagnostics ?? []).Where(d => d.IsError).Select(d => d.ToString()).ToList();
        errors.AddRange(new[] { activationProblem, saveProblem }.OfType<string>());

        var warnings = (last?.Diagnostics ?? []).Where(d => !d.IsError).Select(d => d.ToString()).ToList();
        var pending = activation is { Decision: not (ActivationDecision.Nothing or ActivationDecision.AwaitCrioStart) } ? [activation.Reason] : new List<string>();
        var healthyCount = decisions.Count(d => d.IsIncluded && d.Latest.Health == Probing.StoreHealth.Healthy);
        var degradedCount = decisions.Count(d => d.IsIncluded && d.Latest.Health == Probing.StoreHealth.Degraded);
        var storesOut = decisions.Count(d => !d.IsIncluded);
        var health = last is null
            ? AgentHealth.Starting
            : errors.Count > 0 || storesOut > 0 || decisions.Any(d => !d.Latest.IsSafe) || activation?.Decision is ActivationDecision.LeftToAdmin or ActivationDecision.HeldForUnhealthyStore
                ? AgentHealth.Degraded
                : AgentHealth.Healthy;

        var summary = Summary(decisions, healthyCount, degradedCount, state, pending, errors);
        var status = new AgentStatus
        {
            Pid = Environment.ProcessId,
            StartedUtc = _started,
            HeartbeatUtc = time.GetUtcNow(),
            Health = health,
            Summary = summary,
            Generation = state.Generation,
            AppliedDigest = state.AppliedDigest,
            LastReconcileUtc = lastReconcileUtc,
            LastTrigger = last?.Trigger.ToString(),
            LastCrioRestartUtc = state.LastRestartUtc,
            ApplyAction = (last?.Desired?.Action ?? DesiredState.ApplyAction.Restart).ToString().ToLowerInvariant(),
            Stores = decisions.Select(ToStatus).ToList(),
            PendingActions = pending,
            Errors = errors,
            Warnings = warnings,
        };

        Write(status);
        metrics?.Export(status, state, last?.Diagnostics ?? []);
        notifier.Update(summary);
        if (_lastHealth != health || (errors.Count > 0 ? errors[0] : null) != _lastProblem)
        {
            var entry = log.ForContext("Health", health.ToString().ToLowerInvariant()).ForContext("Generation", state.Generation);
            if (health == AgentHealth.Healthy)
            {
                entry.Information("Agent is healthy: {Summary}", summary);
            }
            else
            {
                entry.Warning("Agent is {AgentHealth}: {Summary}", health.ToString().ToLowerInvariant(), errors.Count > 0 ? errors[0] : summary);
            }

            _lastHealth = health;
            _lastProblem = errors.Count > 0 ? errors[0] : null;
        }

        Current = status;
        return status;
    }

    private void Write(AgentStatus status)
    {
        var result = writer.Write(root.Resolve(NodePaths.StatusFile), AgentStatusFile.Serialize(status), AtomicWriteOptions.View);
        if (result.Failed)
        {
            log.Warning("Cannot write {StatusFile}: {Problem}", NodePaths.StatusFile, result.Diagnostic?.ToString());
        }
    }

    private static string Summary(IReadOnlyList<StoreDecision> decisions, int healthy, int degraded, AgentState state, List<string> pending, List<string> errors)
    {
        var stores = $"{healthy}/{decisions.Count} stores healthy" + (degraded > 0 ? $" ({degraded} degraded, in use)" : "");
        var parts = new List<string> { stores, $"generation {state.Generation} applied" };
        if (state.LastRestartUtc is { } restarted)
        {
            parts.Add($"crio restarted {restarted.ToLocalTime():yyyy-MM-dd HH:mm}");
        }

        parts.AddRange(pending);
        if (errors.Count > 0)
        {
            parts.Add($"{errors.Count} error(s): {errors[0]}");
        }

        return string.Join("; ", parts);
    }

    private static StoreStatus ToStatus(StoreDecision d) => new(
        d.Store.Kind.ToString().ToLowerInvariant(),
        d.Store.Path,
        d.Latest.Health.ToString().ToLowerInvariant(),
        ProbeReportFormatter.Kebab(d.Latest.Reason),
        d.Latest.Errno,
        Math.Round(d.Latest.Elapsed.TotalMilliseconds, 1),
        d.Latest.Hint,
        d.IsIncluded);
}
