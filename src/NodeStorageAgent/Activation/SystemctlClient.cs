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

    /// <summary><c>systemctl is-active UNIT</c>. Its exit code is non-zero for anything but active, so the state is
    /// read from stdout.</summary>
    public async Task<UnitActivity> IsActiveAsync(string unit, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(["is-active", unit], cancellationToken).ConfigureAwait(false);
        var word = result.StandardOutput.Split('\n', 2)[0].Trim();
        var state = result.ExitCode is null || !Enum.TryParse<UnitActiveState>(word, ignoreCase: true, out var parsed)
            ? UnitActiveState.Unknown
            : parsed;
        return new UnitActivity(state, result);
    }

    /// <summary><c>systemctl restart --no-block UNIT</c>: queues the restart and returns; poll
    /// <see cref="IsActiveAsync"/> for the result. Blocking would leave us at the mercy of a start that hangs on a
    /// FUSE mount, which systemd itself does not time out for CRI-O (<c>TimeoutStartSec=0</c>, docs/upstream.md §6).</summary>
    public Task<CommandResult> RestartNoBlockAsync(string unit, CancellationToken cancellationToken = default) =>
        RunAsync(["restart", "--no-block", unit], cancellationToken);

    /// <summary><c>systemctl reboot</c>.</summary>
    public Task<CommandResult> RebootAsync(CancellationToken cancellationToken = default) =>
        RunAsync(["reboot"], cancellationToken);

    /// <summary><c>systemctl show -p PROPERTY --value UNIT</c>; null when systemctl failed.</summary>
    public async Task<string?> ShowAsync(string unit, string property, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(["show", "-p", property, "--value", unit], cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.StandardOutput.TrimEnd('\n') : null;
    }

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
