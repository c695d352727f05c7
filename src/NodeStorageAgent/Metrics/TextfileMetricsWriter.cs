using System.Reflection;
using NodeStorageAgent.Apply;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Reconcile;
using Serilog;

using NodeStorageAgent.StateMachine;
using NodeStorageAgent.AtomicFiles;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Metrics;

/// <summary>
/// Writes the metrics file for node-exporter's textfile collector, on the daemon's own thread (called from each status
/// report), through <see cref="AtomicFileWriter"/>: temp file in the same directory, then rename(2), so the
/// collector reads the old file or the new one, never a torn one. Writes when <see cref="MetricsWritePolicy"/> says so.
/// </summary>
public sealed class TextfileMetricsWriter(NodeRoot root, MetricsOptions options, AtomicFileWriter writer, AgentCounters counters, TimeSpan refresh, TimeProvider time, ILogger log)
{
    private static readonly string s_version = typeof(TextfileMetricsWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private MetricsDocument? _written;
    private DateTimeOffset? _writtenUtc;
    private string? _lastProblem;

    public AgentCounters Counters => counters;

    /// <summary>The metrics from the status just reported; <paramref name="diagnostics"/> are the last pass's.</summary>
    public void Export(AgentStatus status, AgentState state, IReadOnlyList<Diagnostic> diagnostics)
    {
        if (options.FilePath is not { } nodePath)
        {
            return;
        }

        var held = diagnostics.Any(d => d.Code == ReconcileCodes.FailedGenerationHeld);
        var document = AgentMetricsFormatter.Format(new MetricsInput(status, state, held, counters.Snapshot(), s_version));
        var now = time.GetUtcNow();
        if (!MetricsWritePolicy.ShouldWrite(_written, _writtenUtc, document, now, refresh))
        {
            return;
        }

        var hostPath = root.Resolve(nodePath);
        if (_written is null && _lastProblem is null)
        {
            SweepOnce(Path.GetDirectoryName(hostPath)!);
        }

        var result = writer.Write(hostPath, document.ToBytes(), AtomicWriteOptions.View);
        if (result.Failed)
        {
            // Once per distinct problem: a read-only or missing directory would otherwise warn on every loop turn.
            var problem = result.Diagnostic?.ToString();
            if (problem != _lastProblem)
            {
                log.Warning("Cannot write the metrics file {MetricsFile}: {Problem}", nodePath, problem);
                _lastProblem = problem;
            }

            return;
        }

        _lastProblem = null;
        _written = document;
        _writtenUtc = now;
    }

    /// <summary>
    /// A crash between creating the temp file and the rename leaves a <c>.nsa-*</c> file in the textfile directory,
    /// which <see cref="TempFileSweeper.SweepNode"/> does not visit. node-exporter ignores it (not <c>*.prom</c>), but
    /// it would stay forever: removed before our first write, when no write of ours can be in flight. Other
    /// programs' files there are never touched (only our prefix matches).
    /// </summary>
    private void SweepOnce(string directory)
    {
        var sweep = TempFileSweeper.Sweep([directory], null);
        foreach (var removed in sweep.Removed)
        {
            log.Information("Removed a temp file left by an interrupted write: {Path}", removed);
        }
    }
}
