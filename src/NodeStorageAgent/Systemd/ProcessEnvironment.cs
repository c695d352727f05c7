namespace NodeStorageAgent.Systemd;

/// <summary>The real process environment.</summary>
/// <remarks>
/// <see cref="Remove"/> changes .NET's copy of the environment, which is what <see cref="System.Diagnostics.Process"/>
/// hands to every child it starts. It deliberately does not call libc <c>unsetenv</c>: that is not thread-safe
/// against <c>getenv</c> on other threads, and the agent starts all children through <c>Process</c>.
/// </remarks>
public sealed class ProcessEnvironment : IProcessEnvironment
{
    public static ProcessEnvironment Instance { get; } = new();

    private ProcessEnvironment()
    {
    }

    public int ProcessId => Environment.ProcessId;

    public string? Get(string name) => Environment.GetEnvironmentVariable(name);

    public void Remove(string name) => Environment.SetEnvironmentVariable(name, null);
}
