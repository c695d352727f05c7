namespace NodeStorageAgent.Systemd;

/// <summary>The process environment, injected so tests never touch process-global state.</summary>
public interface IProcessEnvironment
{
    int ProcessId { get; }

    string? Get(string name);

    /// <summary>Removes a variable so child processes started afterwards do not inherit it.</summary>
    void Remove(string name);
}
