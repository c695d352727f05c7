using System.Text.Json;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.IntegrationTests.Cli;

/// <summary>
/// The shipped binary's promises to a new user: usage errors exit 2 for every verb (plan keeps 1 for "changes
/// pending"), no input gives a stack trace, a missing desired-state file never strips the node, render never writes the
/// live files, and status -o json is JSON whatever happened.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CliContractTests
{
    private static readonly int[] s_documentedExitCodes = [0, 1, 2, 3];

    /// <summary>Bad arguments per verb; "ROOT" stands for the sandbox root. All are usage errors: exit 2.</summary>
    public static TheoryData<string[]> BadArguments => new()
    {
        new[] { "no-such-verb" },
        new[] { "run", "--no-such-option" },
        new[] { "run", "--probe-timeout", "0" },
        new[] { "run", "--probe-interval", "-1s" },
        new[] { "run", "--probe-interval", "5" },
        new[] { "run", "--fail-after", "0" },
        new[] { "run", "--recover-after", "x" },
        new[] { "run", "--root", "/does-not-exist" },
        new[] { "status", "--root", "/does-not-exist" },
        new[] { "status", "-o", "yaml" },
        new[] { "validate", "--root", "ROOT", "nope.toml" },
        new[] { "validate", "--root", "ROOT", "/" },
        new[] { "plan", "--root", "/does-not-exist" },
        new[] { "plan", "--root", "ROOT", "--desired", "relative.toml" },
        new[] { "plan", "--root", "ROOT", "--desired", "/typo.toml" },
        new[] { "plan", "--root", "ROOT", "--systemctl", "/bin/true" },
        new[] { "render", "--root", "ROOT" },
        new[] { "render", "--root", "ROOT", "--output-dir", "ROOT" },
        new[] { "render", "--root", "ROOT", "--output-dir", "/" },
        new[] { "render", "--root", "ROOT", "--output-dir", "ROOT/etc/crio/crio.conf.d/review" },
        new[] { "probe", "--root", "ROOT", "--probe-timeout", "2" },
        new[] { "probe", "--root", "ROOT", "--desired", "" },
        new[] { "apply", "--root", "ROOT", "--once", "--desired", "/typo.toml" },
        new[] { "apply", "--root", "ROOT", "--crio-start-timeout", "0s" },
        new[] { "apply", "--root", "ROOT", "--once", "--fail-after", "2" },
        new[] { "rollback", "--root", "/does-not-exist" },
        new[] { "rollback", "--root", "ROOT", "--crio-poll-interval", "soon" },
        new[] { "uninstall", "--root", "/does-not-exist" },
        new[] { "import-crc", "nope.yaml" },
        new[] { "import-crc" },
        new[] { "machineconfig", "--pool", "worker" },
        new[] { "machineconfig", "--pool", "worker", "--desired", "nope.toml" },
        new[] { "toml", "--no-such-option" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void BadArguments_ExitTwo_WithAMessage_AndNoStackTrace(string[] args)
    {
        using var sandbox = new AgentSandbox();
        var run = CliResult.Run(AgentSandbox.AgentBinary, args.Select(a => a.Replace("ROOT", sandbox.Root, StringComparison.Ordinal)), sandbox.Root);

        AssertNoStackTrace(run);
        Assert.True(run.ExitCode == 2, $"{string.Join(' ', args)}: {run}");
        Assert.False(string.IsNullOrWhiteSpace(run.Stderr), $"{string.Join(' ', args)}: no message on stderr");
    }

    [Fact]
    public void ApplyOnce_WithTheDesiredStateMissing_FailsAndWritesNothing()
    {
        using var sandbox = new AgentSandbox();
        var image = sandbox.ImageStore("/mnt/images");
        sandbox.WriteDesired(AgentSandbox.Desired(images: [image]));
        var applied = sandbox.CliWithSystemctl("apply", "--once");
        Assert.True(applied.ExitCode == 0, applied.ToString());
        var before = sandbox.Snapshot();
        var restarts = sandbox.Restarts;

        File.Delete(sandbox.DesiredState);
        var run = sandbox.CliWithSystemctl("apply", "--once");

        AssertNoStackTrace(run);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("NSA1035", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before.StorageConf, File.ReadAllBytes(sandbox.StorageConf));
        Assert.Equal(before.Generation, sandbox.LoadState().State.Generation);
        Assert.Equal(restarts, sandbox.Restarts);
        Assert.True(sandbox.FileContains(NodePaths.StorageConf, image));
    }

    [Fact]
    public void Status_AfterApplyOnce_SaysWhatWasApplied_AndThatNoDaemonRuns()
    {
        using var sandbox = new AgentSandbox();
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/images")]));
        Assert.Equal(0, sandbox.CliWithSystemctl("apply", "--once").ExitCode);

        var text = sandbox.Cli("status");
        AssertNoStackTrace(text);
        Assert.Equal(3, text.ExitCode);
        Assert.Contains("no daemon is running; last applied by `apply --once`", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("generation 1 applied", text.Stdout, StringComparison.Ordinal);

        var json = sandbox.Cli("status", "-o", "json");
        Assert.Equal(3, json.ExitCode);
        Assert.Equal(1, JsonDocument.Parse(json.Stdout).RootElement.GetProperty("generation").GetInt64());
    }

    [Fact]
    public void Status_InConfig_IsWhatTheFilesSay()
    {
        using var sandbox = new AgentSandbox();
        var image = sandbox.ImageStore("/mnt/images");
        sandbox.WriteDesired(AgentSandbox.Desired(images: [image]));
        Assert.Equal(0, sandbox.CliWithSystemctl("apply", "--once").ExitCode);
        var json = JsonDocument.Parse(sandbox.Cli("status", "-o", "json").Stdout).RootElement;
        Assert.True(json.GetProperty("stores")[0].GetProperty("inConfig").GetBoolean());

        // The entry leaves storage.conf behind the agent's back: status must not keep saying "yes".
        File.WriteAllBytes(sandbox.StorageConf, sandbox.OriginalStorageConf);
        json = JsonDocument.Parse(sandbox.Cli("status", "-o", "json").Stdout).RootElement;
        Assert.False(json.GetProperty("stores")[0].GetProperty("inConfig").GetBoolean());
        Assert.Matches(@"(?m)^image\s+\S+\s+healthy\s+no\s", sandbox.Cli("status").Stdout);
    }

    [Fact]
    public void StatusJson_WithNoStatusFile_IsStillJson()
    {
        using var sandbox = new AgentSandbox();
        var run = sandbox.Cli("status", "-o", "json");
        Assert.Equal(3, run.ExitCode);
        var root = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.False(root.GetProperty("running").GetBoolean());
        Assert.Contains("does not exist", root.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_KeepsExitOne_ForChangesPending()
    {
        using var sandbox = new AgentSandbox();
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/images")]));
        var run = sandbox.Cli("plan", "--probe-timeout", "1s");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("+++ /etc/containers/storage.conf", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ShowsEachDefaultOnce_InTheAcceptedFormat_AndOnlyTheOptionsAVerbUses()
    {
        var run = CliResult.Run(AgentSandbox.AgentBinary, ["run", "--help"], "/");
        Assert.Contains("--probe-timeout <DURATION>", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("(default 2s)", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d\d:\d\d:\d\d", run.Stdout);
        Assert.DoesNotContain("(default 2)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--fail-after <N>", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("[default: 2]", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("read under --root", run.Stdout, StringComparison.Ordinal);

        var plan = CliResult.Run(AgentSandbox.AgentBinary, ["plan", "--help"], "/");
        Assert.DoesNotContain("--systemctl", plan.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--crio-start-timeout", plan.Stdout, StringComparison.Ordinal);

        var apply = CliResult.Run(AgentSandbox.AgentBinary, ["apply", "--help"], "/");
        Assert.DoesNotContain("REQUIRED", apply.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    private static void AssertNoStackTrace(CliResult run)
    {
        var output = run.Stdout + run.Stderr;
        Assert.DoesNotMatch(@"(?m)^\s+at [\w.<>`]+\(", output);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.Contains(run.ExitCode, s_documentedExitCodes);
    }
}
