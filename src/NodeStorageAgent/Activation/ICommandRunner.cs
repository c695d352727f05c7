namespace NodeStorageAgent.Activation;

/// <summary>Runs external programs (systemctl) with a timeout and a SIGKILL fallback.</summary>
public interface ICommandRunner
{
    Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken = default);
}
