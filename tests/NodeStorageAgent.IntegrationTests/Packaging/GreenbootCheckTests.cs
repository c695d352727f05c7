using NodeStorageAgent.Reconcile;
using NodeStorageAgent.TestSupport;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.IntegrationTests.Packaging;

/// <summary>
/// packaging/greenboot/35_node_storage_agent_check.sh, the greenboot required check the RPM ships: driven with a
/// stand-in agent that replays status answers (each produced by the agent's own status serializer), and against
/// the real binary reading a status.json in a sandbox root.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class GreenbootCheckTests : IDisposable
{
    private static readonly string s_script = Path.Combine(SharedData.RepoRoot, "packaging", "greenboot", "35_node_storage_agent_check.sh");
    private static readonly string s_agent = Path.Combine(AppContext.BaseDirectory, "node-storage-agent");

    private readonly string _dir = Directory.CreateTempSubdirectory("nsa-greenboot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void HealthyAgentIsAGreenBoot()
    {
        var run = RunWithStandIn(waitSeconds: 0, (0, Status(AgentHealth.Healthy, Store("healthy", inConfig: true))));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("healthy", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, Calls());
    }

    [Fact]
    public void AgentNotRunningWhenTheWaitEndsIsARedBoot()
    {
        var run = RunWithStandIn(waitSeconds: 0, (3, ""));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAILED after 0s: not running (status exit 3)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void UnhealthyStoreInCrioConfigIsARedBootNamingTheStore()
    {
        var run = RunWithStandIn(waitSeconds: 0, (1, Status(AgentHealth.Degraded, Store("unhealthy", inConfig: true, "/mnt/nfs-images"))));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("unsafe: unhealthy store(s) in CRI-O's config: /mnt/nfs-images", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AgentErrorsAreARedBootQuotingThem()
    {
        var status = Status(AgentHealth.Degraded) with { Errors = ["NSA5001 not applying generation 4: CRI-O did not start with it before"] };

        var run = RunWithStandIn(waitSeconds: 0, (1, status));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("NSA5001 not applying generation 4: CRI-O did not start with it before", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void StoreLeftOutOfTheConfigIsAGreenBootWithAWarning()
    {
        // The config is safe; rolling the OS back would not bring the NFS server back.
        var run = RunWithStandIn(waitSeconds: 0, (1, Status(AgentHealth.Degraded, Store("unhealthy", inConfig: false, "/mnt/nfs-images"))));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("warning: store(s) left out of the config (the config is safe): /mnt/nfs-images", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void StartingThenHealthyWithinTheWaitIsAGreenBoot()
    {
        var run = RunWithStandIn(waitSeconds: 60,
            (1, Status(AgentHealth.Starting)),
            (3, ""),
            (0, Status(AgentHealth.Healthy, Store("healthy", inConfig: true))));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(3, Calls());
    }

    [Fact]
    public void StillStartingWhenTheWaitEndsIsARedBoot()
    {
        var run = RunWithStandIn(waitSeconds: 0, (1, Status(AgentHealth.Starting)));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAILED after 0s: starting", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    public void RealBinaryStatusIsJudgedTheSameWay(bool healthy, int expectedExit)
    {
        var root = Path.Combine(_dir, "root");
        var statusFile = new NodeRoot(root).Resolve(NodePaths.StatusFile);
        Directory.CreateDirectory(Path.GetDirectoryName(statusFile)!);
        var status = healthy
            ? Status(AgentHealth.Healthy, Store("healthy", inConfig: true))
            : Status(AgentHealth.Degraded, Store("unhealthy", inConfig: true, "/var/lib/stargz-store/store"));
        // `status` reads "in config" from the node's files, so they list the store as the daemon would have.
        var storageConf = new NodeRoot(root).Resolve(NodePaths.StorageConf);
        Directory.CreateDirectory(Path.GetDirectoryName(storageConf)!);
        File.WriteAllText(storageConf, "[storage]\ndriver = \"overlay\"\n\n[storage.options]\nadditionalimagestores = [\"/mnt/ssd-artifacts\", \"/var/lib/stargz-store/store\"]\n");

        // The real status verb checks that the writer's pid lives and its heartbeat is fresh: this test process.
        File.WriteAllBytes(statusFile, AgentStatusFile.Serialize(status with { Pid = Environment.ProcessId, HeartbeatUtc = DateTimeOffset.UtcNow }));
        var wrapper = WriteScript("agent-in-root", $"#!/bin/sh\nexec '{s_agent}' \"$@\" --root '{root}'\n");

        var run = RunScript(wrapper, waitSeconds: 0);

        Assert.True(run.ExitCode == expectedExit, run.ToString());
        if (!healthy)
        {
            Assert.Contains("/var/lib/stargz-store/store", run.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RealBinaryWithoutAStatusFileIsARedBoot()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName; // --root must exist (else a usage error)
        var wrapper = WriteScript("agent-in-empty-root", $"#!/bin/sh\nexec '{s_agent}' \"$@\" --root '{empty}'\n");

        var run = RunScript(wrapper, waitSeconds: 0);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not running (status exit 3)", run.Stderr, StringComparison.Ordinal);
    }

    private static AgentStatus Status(AgentHealth health, params StoreStatus[] stores) => new()
    {
        Pid = 4242,
        StartedUtc = DateTimeOffset.UtcNow,
        HeartbeatUtc = DateTimeOffset.UtcNow,
        Health = health,
        Summary = "test",
        Stores = stores,
    };

    private static StoreStatus Store(string health, bool inConfig, string path = "/mnt/ssd-artifacts") =>
        new("image", path, health, health == "healthy" ? "ok" : "dead-mount", null, 1.5, "", inConfig);

    /// <summary>A stand-in agent answering the i-th <c>status -o json</c> with the i-th answer (the last repeats).</summary>
    private ToolRun RunWithStandIn(int waitSeconds, params (int Exit, object Json)[] answers)
    {
        for (var i = 0; i < answers.Length; i++)
        {
            var json = answers[i].Json is AgentStatus s ? System.Text.Encoding.UTF8.GetString(AgentStatusFile.Serialize(s)) : "";
            File.WriteAllText(Path.Combine(_dir, $"answer.{i}.json"), json);
            File.WriteAllText(Path.Combine(_dir, $"answer.{i}.rc"), answers[i].Exit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var standIn = WriteScript("standin-agent", $$"""
            #!/bin/bash
            [ "$1" = status ] || exit 64
            n=$(cat '{{_dir}}/calls' 2>/dev/null || echo 0)
            echo $((n + 1)) > '{{_dir}}/calls'
            i=$(( n < {{answers.Length - 1}} ? n : {{answers.Length - 1}} ))
            [ "${2:-}" = -o ] && cat '{{_dir}}'/answer.$i.json
            exit $(cat '{{_dir}}'/answer.$i.rc)
            """);
        return RunScript(standIn, waitSeconds);
    }

    private int Calls() => int.Parse(File.ReadAllText(Path.Combine(_dir, "calls")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private string WriteScript(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static ToolRun RunScript(string agent, int waitSeconds) =>
        ToolRun.Start("bash", [s_script], new Dictionary<string, string>
        {
            ["NSA_AGENT"] = agent,
            ["NSA_GREENBOOT_WAIT_SECONDS"] = waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["NSA_GREENBOOT_INTERVAL_SECONDS"] = "0",
        }, TimeSpan.FromSeconds(30));
}
