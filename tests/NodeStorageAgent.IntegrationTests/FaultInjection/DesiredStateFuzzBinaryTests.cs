using System.Diagnostics;
using NodeStorageAgent.Hosting;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.Tests.Fuzzing;

namespace NodeStorageAgent.IntegrationTests.FaultInjection;

/// <summary>
/// A sample of the mutated desired-state files (most run in-process in NodeStorageAgent.Tests) through the real
/// binary: <c>validate FILE</c> and <c>apply --once</c> exit with a defined code, never crash or hang, and an input
/// that <c>validate</c> rejects never changes a config file.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DesiredStateFuzzBinaryTests
{
    private const int Cases = 24;

    [Fact]
    public void ValidateAndApplyOnce_MutatedDesiredStates_ExitCleanlyAndNeverWriteInvalidInput()
    {
        Prerequisites.RequireRoot();
        using var sandbox = AgentSandboxDir.Create();
        sandbox.WriteDesired(AgentSandboxDir.Desired(AgentSandboxDir.ImageStore, AgentSandboxDir.ArtifactStore));
        Run([AgentSandboxDir.AgentBinary, "apply", "--once", "--root", sandbox.Root.HostPath, "--systemctl", sandbox.Systemctl, "--crio-poll-interval", "50ms"], out _);
        Assert.True(sandbox.Contains(NodePaths.StorageConf, AgentSandboxDir.ImageStore), "the baseline apply did not write storage.conf");

        var mutator = new DesiredStateMutator(seed: 99);
        var rejected = 0;
        for (var i = 0; i < Cases; i++)
        {
            var input = mutator.Next();
            var desired = sandbox.Host(NodePaths.DesiredState);
            File.WriteAllBytes(desired, input);
            var validate = Run([AgentSandboxDir.AgentBinary, "validate", desired], out var validateOutput);
            Assert.True(validate is 0 or 2, $"case {i}: validate exited {validate}: {validateOutput}");
            if (validate == 0 || i % 3 != 0)
            {
                continue;
            }

            rejected++;
            var storage = sandbox.Read(NodePaths.StorageConf);
            var dropIn = sandbox.Read(NodePaths.CrioDropIn);
            var apply = Run([AgentSandboxDir.AgentBinary, "apply", "--once", "--root", sandbox.Root.HostPath, "--systemctl", sandbox.Systemctl, "--crio-poll-interval", "50ms"], out var applyOutput);
            Assert.True(apply is 2 or 3, $"case {i}: apply --once of an invalid file exited {apply}: {applyOutput}");
            Assert.Equal(storage, sandbox.Read(NodePaths.StorageConf));
            Assert.Equal(dropIn, sandbox.Read(NodePaths.CrioDropIn));
        }

        Assert.True(rejected > 0, "no invalid input reached apply --once");
    }

    /// <summary>Runs a command with a 30 s deadline; a crash (signal) shows as an exit code above 128 or -1.</summary>
    private static int Run(string[] argv, out string output)
    {
        var info = new ProcessStartInfo(argv[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in argv.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            Assert.Fail($"{string.Join(' ', argv)} hung");
        }

        output = (stdout.Result + stderr.Result).Trim();
        return process.ExitCode;
    }
}
