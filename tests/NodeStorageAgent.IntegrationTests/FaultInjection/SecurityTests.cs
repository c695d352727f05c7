using Mono.Unix.Native;
using NodeStorageAgent.Hosting;
using NodeStorageAgent.IntegrationTests.Support;
using static NodeStorageAgent.IntegrationTests.FaultInjection.AgentSandboxDir;

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
        using var sandbox = Create();
        const string escape = "/mnt/escape";
        Directory.CreateDirectory(sandbox.Host(target + "/overlay-images"));
        Directory.CreateDirectory(sandbox.Host(target + "/overlay-layers"));
        File.CreateSymbolicLink(sandbox.Host(escape), target);
        sandbox.WriteDesired($"[[additionalImageStores]]\npath = \"{ImageStore}\"\n\n[[additionalImageStores]]\npath = \"{escape}\"\n");

        using var agent = sandbox.Start();
        WaitUntil(() => sandbox.Status()?.Stores.Any(s => s.Path == escape && s.Reason == "symlink-escape") == true,
            s_deadline, $"{escape} reported as symlink-escape", agent);

        var store = sandbox.Status()!.Stores.Single(s => s.Path == escape);
        Assert.False(store.InConfig);
        Assert.Contains(area, store.Hint, StringComparison.Ordinal);
        WaitUntil(() => sandbox.Contains(NodePaths.StorageConf, $"\"{ImageStore}\""), s_deadline, "the healthy store in storage.conf", agent);
        var stores = sandbox.ReadText(NodePaths.StorageConf).Split('\n').Single(l => l.StartsWith("additionalimagestores", StringComparison.Ordinal));
        Assert.Equal($"additionalimagestores = [\"{ImageStore}\"]", stores);
    }

    private static void AssertUntrustedDesiredStateRefused(Action<string> spoil, Action<string> repair, string[] expected)
    {
        using var sandbox = Create();
        sandbox.WriteDesired(Desired(ImageStore, ArtifactStore));
        using var agent = sandbox.Start();
        WaitUntil(() => sandbox.Status() is { Generation: 1, PendingActions.Count: 0 } && sandbox.Contains(NodePaths.StorageConf, $"\"{ImageStore}\""),
            s_deadline, "the first configuration", agent);
        var oldStorage = sandbox.Read(NodePaths.StorageConf);
        var oldDropIn = sandbox.Read(NodePaths.CrioDropIn);

        // Spoil a copy, then rename it in: the agent must never see the new content with the old, trusted metadata.
        var desired = sandbox.Host(NodePaths.DesiredState);
        var spoiled = desired + ".new";
        File.WriteAllText(spoiled, Desired(OtherImageStore, OtherArtifactStore));
        File.SetUnixFileMode(spoiled, (UnixFileMode)0b110_100_100);
        spoil(spoiled);
        File.Move(spoiled, desired, overwrite: true);

        WaitUntil(() => sandbox.Status()?.Errors.Any(e => expected.All(x => e.Contains(x, StringComparison.Ordinal))) == true,
            s_deadline, $"an error naming {string.Join(" + ", expected)} (last: {string.Join(" | ", sandbox.Status()?.Errors ?? [])})", agent);
        Thread.Sleep(700); // a few more passes
        Assert.Equal(oldStorage, sandbox.Read(NodePaths.StorageConf));
        Assert.Equal(oldDropIn, sandbox.Read(NodePaths.CrioDropIn));
        Assert.Contains(expected[0], agent.StderrText, StringComparison.Ordinal);
        Assert.True(agent.IsRunning);

        repair(desired);
        WaitUntil(() => sandbox.Contains(NodePaths.StorageConf, $"\"{OtherImageStore}\""), s_deadline, "the change once the file is trusted again", agent);
    }
}
