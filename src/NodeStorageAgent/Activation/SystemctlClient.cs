namespace NodeStorageAgent.Activation;

/// <summary>
/// The few <c>systemctl</c> verbs the agent uses, through <see cref="ICommandRunner"/> (timeouts, SIGKILL fallback,
/// scrubbed environment). The binary is taken from a configured path or the PATH, so tests and the sandbox can put
/// a stand-in first.
/// </summary>
public sealed class SystemctlClient
{
    private readonly ICommandRunner _runner;
    private readonly SystemctlOptions _options;

    public SystemctlClient(ICommandRunner runner, SystemctlOptions? options = null)
    {
        _runner = runner;
        _options = options ?? new SystemctlOptions();
        Executable = _options.Executable ?? FindOnPath("systemctl", _options.SearchPath ?? Environment.GetEnvironmentVariable("PATH")) ?? "systemctl";
    }

    /// <summary>The systemctl that is run.</summary>
    public string Executable { get; }

    /// <summary>
    /// <c>systemctl show -p ActiveState -p InvocationID UNIT</c>: the unit's state and, while it runs, its invocation,
    /// in one process (a look at CRI-O is one spawn). A unit systemd does not know shows as inactive, like
    /// <c>is-active</c> says; a systemctl that fails or cannot run gives <see cref="UnitActiveState.Unknown"/>.
    /// </summary>
    public async Task<UnitActivity> ShowActivityAsync(string unit, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(["show", "-p", "ActiveState", "-p", "InvocationID", unit], cancellationToken).ConfigureAwait(false);
        var (state, invocation) = result.Succeeded ? UnitActivityParser.Parse(result.StandardOutput) : (UnitActiveState.Unknown, null);
        return new UnitActivity(state, invocation, result);
    }

    /// <summary><c>systemctl restart --no-block UNIT</c>: queues the restart and returns; poll
    /// <see cref="ShowActivityAsync"/> for the result. Blocking would leave us at the mercy of a start that hangs on a
    /// FUSE mount, which systemd itself does not time out for CRI-O (<c>TimeoutStartSec=0</c>, docs/upstream.md §6).</summary>
    public Task<CommandResult> RestartNoBlockAsync(string unit, CancellationToken cancellationToken = default) =>
        RunAsync(["restart", "--no-block", unit], cancellationToken);

    /// <summary><c>systemctl reboot</c>.</summary>
    public Task<CommandResult> RebootAsync(CancellationToken cancellationToken = default) =>
        RunAsync(["reboot"], cancellationToken);

    private Task<CommandResult> RunAsync(string[] arguments, CancellationToken cancellationToken) =>
        _runner.RunAsync(new CommandRequest(Executable, arguments, _options.CommandTimeout, _options.KillGrace), cancellationToken);

    internal static string? FindOnPath(string name, string? searchPath)
    {
        foreach (var directory in (searchPath ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
