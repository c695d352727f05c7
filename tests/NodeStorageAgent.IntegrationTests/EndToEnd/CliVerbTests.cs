using NodeStorageAgent.IntegrationTests.Support;

namespace NodeStorageAgent.IntegrationTests.EndToEnd;

/// <summary>The one-shot verbs against a sandbox: plan, render, apply --once, rollback, uninstall, and the lock.</summary>
public sealed class CliVerbTests
{
    [Fact]
    public void Plan_ChangesPending_ExitsOneWithADiffThenZeroAfterApply()
    {
        using var sandbox = new AgentSandbox();
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")], artifacts: [sandbox.ArtifactStore("/mnt/art")]));

        var pending = sandbox.CliWithSystemctl("plan");
        Assert.True(pending.ExitCode == 1, pending.ToString());
        Assert.Contains("--- ", pending.Stdout, StringComparison.Ordinal);
        Assert.Contains("+++ ", pending.Stdout, StringComparison.Ordinal);
        Assert.Contains("@@ ", pending.Stdout, StringComparison.Ordinal);
        Assert.Contains(pending.Stdout.Split('\n'), line => line.StartsWith('+') && line.Contains("\"/mnt/img-a\"", StringComparison.Ordinal));
        Assert.Contains(pending.Stdout.Split('\n'), line => line.StartsWith('+') && line.Contains("\"/mnt/art\"", StringComparison.Ordinal));
        Assert.Equal(sandbox.OriginalStorageConf, File.ReadAllBytes(sandbox.StorageConf));
        Assert.False(File.Exists(sandbox.DropIn));

        var apply = sandbox.CliWithSystemctl("apply", "--once");
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Equal(1, sandbox.Restarts);

        var clean = sandbox.CliWithSystemctl("plan");
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.DoesNotContain("@@ ", clean.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OutputDir_WritesWhatApplyWouldWriteAndTouchesNothingOnTheNode()
    {
        using var sandbox = new AgentSandbox();
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")], artifacts: [sandbox.ArtifactStore("/mnt/art")]));
        var output = Path.Combine(sandbox.Root, "rendered");

        var render = sandbox.CliWithSystemctl("render", "--output-dir", output);
        Assert.True(render.ExitCode == 0, render.ToString());
        var renderedStorage = File.ReadAllBytes(Path.Combine(output, "etc/containers/storage.conf"));
        var renderedDropIn = File.ReadAllBytes(Path.Combine(output, "etc/crio/crio.conf.d/99-node-storage-agent.conf"));
        Assert.Equal(sandbox.OriginalStorageConf, File.ReadAllBytes(sandbox.StorageConf));
        Assert.False(File.Exists(sandbox.DropIn));
        Assert.False(sandbox.LoadState().Found);
        Assert.Equal(0, sandbox.Restarts);

        Assert.Equal(0, sandbox.CliWithSystemctl("apply", "--once").ExitCode);
        Assert.Equal(renderedStorage, File.ReadAllBytes(sandbox.StorageConf));
        Assert.Equal(renderedDropIn, File.ReadAllBytes(sandbox.DropIn));
    }

    [Fact]
    public void Rollback_AfterAnApplyCrioNeverConfirmed_RestoresTheOriginalFilesAndRestarts()
    {
        using var sandbox = new AgentSandbox();
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")], artifacts: [sandbox.ArtifactStore("/mnt/art")], action: "none"));
        var apply = sandbox.CliWithSystemctl("apply", "--once");
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.NotEqual(sandbox.OriginalStorageConf, File.ReadAllBytes(sandbox.StorageConf));
        Assert.True(File.Exists(sandbox.DropIn));
        Assert.Equal(0, sandbox.Restarts);

        var rollback = sandbox.CliWithSystemctl("rollback");
        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Equal(sandbox.OriginalStorageConf, File.ReadAllBytes(sandbox.StorageConf));
        Assert.False(File.Exists(sandbox.DropIn));
        Assert.Equal(1, sandbox.Restarts);
        var state = sandbox.LoadState().State;
        Assert.Equal(state.LastKnownGood!.Digest, state.AppliedDigest);
        Assert.NotNull(state.FailedDigest);

        // The rolled-back configuration is held: applying the same desired state again does not bring it back.
        sandbox.CliWithSystemctl("apply", "--once");
        Assert.Equal(sandbox.OriginalStorageConf, File.ReadAllBytes(sandbox.StorageConf));
    }

    [Fact]
    public void Uninstall_AfterApplies_RestoresOriginalsByteForByteAndRemovesTheDropIn()
    {
        using var sandbox = new AgentSandbox();
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")], artifacts: [sandbox.ArtifactStore("/mnt/art")]));
        Assert.Equal(0, sandbox.CliWithSystemctl("apply", "--once").ExitCode);
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-b")]));
        Assert.Equal(0, sandbox.CliWithSystemctl("apply", "--once").ExitCode);
        Assert.NotEqual(sandbox.OriginalStorageConf, File.ReadAllBytes(sandbox.StorageConf));

        var uninstall = sandbox.Cli("uninstall");
        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
        Assert.Equal(sandbox.OriginalStorageConf, File.ReadAllBytes(sandbox.StorageConf));
        Assert.False(File.Exists(sandbox.DropIn));
        Assert.Equal(sandbox.OriginalCrioDefault, File.ReadAllBytes(sandbox.CrioDefault));
        Assert.Equal(["00-default"], Directory.EnumerateFileSystemEntries(sandbox.CrioConfDir).Select(Path.GetFileName));
    }

    [Fact]
    public void ApplyOnce_WhileRunHoldsTheLock_RefusesAndWritesNothing()
    {
        using var sandbox = new AgentSandbox();
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")]));
        var agent = sandbox.StartRun();
        sandbox.WaitForSettled(generation: 1, restarts: 1);
        var before = sandbox.Snapshot();

        var apply = sandbox.CliWithSystemctl("apply", "--once");
        Assert.True(apply.ExitCode == 3, apply.ToString());
        Assert.Contains("agent.lock", apply.Stderr, StringComparison.Ordinal);
        var after = sandbox.Snapshot();
        Assert.Equal(before.StorageConf, after.StorageConf);
        Assert.Equal(before.Generation, after.Generation);
        Assert.Equal(1, sandbox.Restarts);
        agent.StopCleanly();

        // Once the service is gone the lock is free again.
        var afterStop = sandbox.CliWithSystemctl("apply", "--once");
        Assert.True(afterStop.ExitCode == 0, afterStop.ToString());
    }
}
