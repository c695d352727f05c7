using Mono.Unix.Native;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.IntegrationTests.FaultInjection;

/// <summary>
/// What the running agent refuses: a desired-state file someone else could have written (owned by another user, or
/// group/world-writable), and a store that is a symlink into /proc or CRI-O's graphroot. Refused means: a clear
/// message in status.json, and nothing of it reaches the config.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SecurityTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public void DesiredState_OwnedByNobody_IsRefusedAndConfigStays()
    {
        Prerequisites.RequireRoot();
        const uint nobody = 65534;
        AssertUntrustedDesiredStateRefused(
            path => Assert.Equal(0, Syscall.chown(path, nobody, nobody)),
            path => Assert.Equal(0, Syscall.chown(path, 0, 0)),
            ["NSA1030", $"owned by uid {nobody}", NodePaths.DesiredState]);
    }

    [Fact]
    public void DesiredState_GroupWritable_IsRefusedAndConfigStays()
    {
        Prerequisites.RequireRoot();
        AssertUntrustedDesiredStateRefused(
            path => File.SetUnixFileMode(path, (UnixFileMode)0b110_110_100),
            path => File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100),
            ["NSA1031", "mode 664", NodePaths.DesiredState]);
    }

    [Fact]
    public void DesiredState_WorldWritable_IsRefusedAndConfigStays()
    {
        Prerequisites.RequireRoot();
        AssertUntrustedDesiredStateRefused(
            path => File.SetUnixFileMode(path, (UnixFileMode)0b110_100_110),
            path => File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100),
            ["NSA1031", "mode 646", NodePaths.DesiredState]);
    }

    [Theory]
    [InlineData("/proc/self", "/proc")]
    [InlineData("/var/lib/containers/storage", "/var/lib/containers/storage")]
    public void Store_SymlinkIntoForbiddenArea_IsLeftOutAsSymlinkEscape(string target, string area)
    {
        Prerequisites.RequireRoot();
        using var sandbox = new AgentSandbox();
        const string escape = "/mnt/escape";
        var healthy = sandbox.ImageStore("/mnt/images");
        sandbox.ImageStore(target);
        File.CreateSymbolicLink(sandbox.Host(escape), target);
        sandbox.WriteDesired(AgentSandbox.Desired(images: [healthy, escape]));

        sandbox.StartRun(AgentSandbox.RetryingRunOptions);
        sandbox.WaitUntil(() => sandbox.Status()?.Stores.Any(s => s.Path == escape && s.Reason == "symlink-escape") == true,
            s_deadline, $"{escape} reported as symlink-escape");

        var store = sandbox.Status()!.Stores.Single(s => s.Path == escape);
        Assert.False(store.InConfig);
        Assert.Contains(area, store.Hint, StringComparison.Ordinal);
        sandbox.WaitUntil(() => sandbox.FileContains(NodePaths.StorageConf, $"\"{healthy}\""), s_deadline, "the healthy store in storage.conf");
        Assert.Equal([healthy], sandbox.StorageConfStrings("additionalimagestores"));
    }

    private static void AssertUntrustedDesiredStateRefused(Action<string> spoil, Action<string> repair, string[] expected)
    {
        using var sandbox = new AgentSandbox();
        var image = sandbox.ImageStore("/mnt/images");
        var otherImage = sandbox.ImageStore("/mnt/images-b");
        sandbox.WriteDesired(AgentSandbox.Desired(images: [image], artifacts: [sandbox.ArtifactStore("/mnt/artifacts")]));
        var agent = sandbox.StartRun(AgentSandbox.RetryingRunOptions);
        sandbox.WaitUntil(() => sandbox.Status() is { Generation: 1, PendingActions.Count: 0 } && sandbox.FileContains(NodePaths.StorageConf, $"\"{image}\""),
            s_deadline, "the first configuration");
        var oldStorage = File.ReadAllBytes(sandbox.StorageConf);
        var oldDropIn = File.ReadAllBytes(sandbox.DropIn);

        // Spoil a copy, then rename it in: the agent must never see the new content with the old, trusted metadata.
        var desired = sandbox.DesiredState;
        var spoiled = desired + ".new";
        File.WriteAllText(spoiled, AgentSandbox.Desired(images: [otherImage], artifacts: [sandbox.ArtifactStore("/mnt/artifacts-b")]));
        File.SetUnixFileMode(spoiled, (UnixFileMode)0b110_100_100);
        spoil(spoiled);
        File.Move(spoiled, desired, overwrite: true);

        sandbox.WaitUntil(() => sandbox.Status()?.Errors.Any(e => expected.All(x => e.Contains(x, StringComparison.Ordinal))) == true,
            s_deadline, $"an error naming {string.Join(" + ", expected)}");
        Thread.Sleep(700); // a few more passes
        Assert.Equal(oldStorage, File.ReadAllBytes(sandbox.StorageConf));
        Assert.Equal(oldDropIn, File.ReadAllBytes(sandbox.DropIn));
        Assert.Contains(expected[0], agent.Output, StringComparison.Ordinal);
        Assert.False(agent.HasExited);

        repair(desired);
        sandbox.WaitUntil(() => sandbox.FileContains(NodePaths.StorageConf, $"\"{otherImage}\""), s_deadline, "the change once the file is trusted again");
    }
}
