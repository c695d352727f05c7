using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.Tests.Fuzzing;
using NodeStorageAgent.NodeLayout;

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
        using var sandbox = new AgentSandbox();
        var imageStore = sandbox.ImageStore("/mnt/images");
        sandbox.WriteDesired(AgentSandbox.Desired(images: [imageStore], artifacts: [sandbox.ArtifactStore("/mnt/artifacts")]));
        sandbox.CliWithSystemctl("apply", "--once");
        Assert.True(sandbox.FileContains(NodePaths.StorageConf, imageStore), "the baseline apply did not write storage.conf");

        var mutator = new DesiredStateMutator(seed: 99);
        var rejected = 0;
        for (var i = 0; i < Cases; i++)
        {
            var input = mutator.Next();
            File.WriteAllBytes(sandbox.DesiredState, input);
            var validate = CliResult.Run(AgentSandbox.AgentBinary, ["validate", sandbox.DesiredState], sandbox.Root);
            Assert.True(validate.ExitCode is 0 or 2, $"case {i}: validate {validate}");
            if (validate.ExitCode == 0 || i % 3 != 0)
            {
                continue;
            }

            rejected++;
            var storage = File.ReadAllBytes(sandbox.StorageConf);
            var dropIn = File.ReadAllBytes(sandbox.DropIn);
            var apply = sandbox.CliWithSystemctl("apply", "--once");
            Assert.True(apply.ExitCode is 2 or 3, $"case {i}: apply --once of an invalid file: {apply}");
            Assert.Equal(storage, File.ReadAllBytes(sandbox.StorageConf));
            Assert.Equal(dropIn, File.ReadAllBytes(sandbox.DropIn));
        }

        Assert.True(rejected > 0, "no invalid input reached apply --once");
    }
}
