namespace NodeStorageAgent.Systemd;

/// <summary>The process environment, injected so tests never touch process-global state.</summary>
public interface IProcessEnvironment
{
    int ProcessId { get; }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "only VB reserves Get; the agent is C#")]
    string? Get(string name);

    /// <summary>Removes a variable so child processes started afterwards do not inherit it.</summary>
    void Remove(string name);
}
