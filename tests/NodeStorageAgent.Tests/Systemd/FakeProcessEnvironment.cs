using NodeStorageAgent.Systemd;

namespace NodeStorageAgent.Tests.Systemd;

internal sealed class FakeProcessEnvironment(Dictionary<string, string>? variables = null, int processId = 4242) : IProcessEnvironment
{
    public Dictionary<string, string> Variables { get; } = variables ?? [];

    public int ProcessId { get; } = processId;

    public string? Get(string name) => Variables.GetValueOrDefault(name);

    public void Remove(string name) => Variables.Remove(name);
}
