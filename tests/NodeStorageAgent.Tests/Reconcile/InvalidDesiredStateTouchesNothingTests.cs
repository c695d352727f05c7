using NodeStorageAgent.Reconcile;
using NodeStorageAgent.Tests.DesiredState;
using Serilog;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Tests.Reconcile;

/// <summary>
/// Every file of the bad-input table, fed to a real reconcile pass over a sandbox root: a clear error, and not one
/// byte of storage.conf, the CRI-O drop-in or the state file changes.
/// </summary>
public sealed class InvalidDesiredStateTouchesNothingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nsa-invalid-").FullName;

    [Theory]
    [MemberData(nameof(InvalidDesiredStateCases.All), MemberType = typeof(InvalidDesiredStateCases))]
    public async Task ReconcilePass_ReportsTheErrorAndWritesNothing(string name, string toml, string code, int line)
    {
        var root = new NodeRoot(_root);
        Write(NodePaths.StorageConf, "[storage]\ndriver = \"overlay\"\n\n[storage.options]\nadditionalimagestores = [\n]\n");
        Write(NodePaths.CrioDropIn, "[crio.runtime]\nadditional_artifact_stores = [\"/mnt/before\"]\n");
        Directory.CreateDirectory(Path.Combine(_root, "mnt", "a"));
        Write(NodePaths.DesiredState, toml);
        var before = Snapshot();

        using var runtime = new AgentRuntime(new AgentOptions { Root = root }, Cli.AgentOptionsBinder.NoNotifier(Log.Logger), TimeProvider.System, Log.Logger);
        await runtime.Loop.PassAsync(ReconcileTrigger.Once, probe: true, CancellationToken.None);
        var result = runtime.Loop.LastResult!;

        var error = result.Diagnostics.First(d => d.IsError);
        Assert.True(error.Code == code, $"{name}: {error}");
        Assert.True(line == 0 || error.Line == line, $"{name}: {error}");
        Assert.Empty(result.Written);
        Assert.Equal(before, Snapshot());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MissingDesiredState_ReportsAnError_AndKeepsEveryStore(bool danglingSymlink)
    {
        // A store the agent added earlier (state.json says so) must survive a desired-state file that went missing.
        var root = new NodeRoot(_root);
        Directory.CreateDirectory(Path.Combine(_root, "mnt", "a"));
        Write(NodePaths.StorageConf, "[storage]\ndriver = \"overlay\"\n\n[storage.options]\nadditionalimagestores = [\"/mnt/a\"]\n");
        Write(NodePaths.CrioDropIn, "[crio.runtime]\nadditional_artifact_stores = [\"/mnt/before\"]\n");
        Write(NodePaths.DesiredState, "[[additionalImageStores]]\npath = \"/mnt/a\"\n");
        var options = new AgentOptions { Root = root };
        using (var first = new AgentRuntime(options, Cli.AgentOptionsBinder.NoNotifier(Log.Logger), TimeProvider.System, Log.Logger, crio: new ScriptedCrio()))
        {
            first.Prepare();
            await first.Loop.StartAsync(CancellationToken.None, ReconcileTrigger.Once);
        }

        File.Delete(_root + NodePaths.DesiredState);
        if (danglingSymlink)
        {
            File.CreateSymbolicLink(_root + NodePaths.DesiredState, "/etc/node-storage-agent/typo.toml");
        }

        var before = ConfigFiles();
        using var runtime = new AgentRuntime(options, Cli.AgentOptionsBinder.NoNotifier(Log.Logger), TimeProvider.System, Log.Logger, crio: new ScriptedCrio());
        runtime.Prepare();
        var result = await runtime.Loop.StartAsync(CancellationToken.None, ReconcileTrigger.Once);

        Assert.Equal("NSA1035", result.Diagnostics.First(d => d.IsError).Code);
        Assert.Empty(result.Written);
        Assert.Equal(before, ConfigFiles());
        Assert.Contains("/mnt/a", File.ReadAllText(_root + NodePaths.StorageConf), StringComparison.Ordinal);
    }

    private string?[] ConfigFiles() => [.. NodePaths.Managed.Select(p => File.Exists(_root + p) ? File.ReadAllText(_root + p) : null)];

    private void Write(string nodePath, string content)
    {
        var path = _root + nodePath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("desired-state.toml", StringComparison.Ordinal) && !f.Contains("/run/node-storage-agent/", StringComparison.Ordinal))
            .ToDictionary(f => f, File.ReadAllText);

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
