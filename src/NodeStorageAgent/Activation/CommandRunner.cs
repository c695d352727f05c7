using NodeStorageAgent.Processes;

namespace NodeStorageAgent.Activation;

/// <summary>
/// Runs <c>systemctl</c> through the agent's one <see cref="ChildProcessRunner"/> (clean environment, output cap,
/// SIGTERM → grace → SIGKILL of the process tree on the injected clock) and reports it as a <see cref="CommandResult"/>.
/// </summary>
public sealed class CommandRunner(TimeProvider? time = null) : ICommandRunner
{
    public static readonly TimeSpan DefaultKillGrace = TimeSpan.FromSeconds(5);

    private readonly ChildProcessRunner _runner = new(time);

    public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken = default)
    {
        var run = await _runner.RunAsync(
            new ChildRequest(request.FileName, request.Arguments, request.Timeout, request.KillGrace ?? DefaultKillGrace), cancellationToken).ConfigureAwait(false);
        return new CommandResult(request, run.Status == ChildRunStatus.Stuck ? null : run.ExitCode, run.TimedOut, run.Killed,
            run.Stdout, run.Stderr, run.Elapsed, run.StartError);
    }
}
