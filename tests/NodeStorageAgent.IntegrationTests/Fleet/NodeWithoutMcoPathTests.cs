using System.Text.Json.Nodes;
using NodeStorageAgent.IntegrationTests.Packaging;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.TestSupport;

namespace NodeStorageAgent.IntegrationTests.Fleet;

/// <summary>
/// The documented path for MicroShift and plain RHEL nodes (docs/fleet.md, "MicroShift and RHEL nodes without the
/// MCO"), with the real binary in a sandbox root: import a ContainerRuntimeConfig, validate, run, check with
/// <c>status</c> and the greenboot check. And the contrast on an MCO node: the stores go to CRI-O's drop-in, and
/// <c>status</c> shows that podman does not see them.
/// </summary>
public sealed class NodeWithoutMcoPathTests
{
    private const string Crc = """
        apiVersion: machineconfiguration.openshift.io/v1
        kind: ContainerRuntimeConfig
        metadata:
          name: nfs-images
        spec:
          containerRuntimeConfig:
            additionalImageStores:
              - path: /mnt/nfs-images
        """;

    [Fact]
    public void ImportCrcValidateRunGivesStoresInStorageConfThatCrioAndPodmanBothSee()
    {
        using var sandbox = new AgentSandbox();
        sandbox.ImageStore("/mnt/nfs-images");
        var crcFile = Path.Combine(sandbox.Root, "..", $"{Path.GetFileName(sandbox.Root)}-crc.yaml");
        File.WriteAllText(crcFile, Crc);

        var import = CliResult.Run(AgentSandbox.AgentBinary, ["import-crc", crcFile], sandbox.Root);
        Assert.True(import.ExitCode == 0, import.ToString());
        sandbox.WriteDesired(import.Stdout);
        var validate = sandbox.Cli("validate");
        Assert.True(validate.ExitCode == 0, validate.ToString());
        var agent = sandbox.StartRun();
        sandbox.WaitForSettled(generation: 1, restarts: 1);

        Assert.Equal(["/mnt/nfs-images"], sandbox.StorageConfStrings("additionalimagestores"));
        var views = EffectiveStores(sandbox);
        Assert.Equal(["/mnt/nfs-images"], Strings(views, "crio", "imageStores"));
        Assert.Equal(["/mnt/nfs-images"], Strings(views, "podman", "imageStores"));
        var greenboot = GreenbootCheck(sandbox);
        Assert.True(greenboot.ExitCode == 0, greenboot.ToString());
        agent.StopCleanly();
        File.Delete(crcFile);
    }

    [Fact]
    public void OnAnMcoNodeTheStoresGoToCrioOnlyAndStatusShowsPodmanDoesNotSeeThem()
    {
        using var sandbox = new AgentSandbox();
        var evidence = sandbox.Host("/etc/machine-config-daemon/currentconfig");
        Directory.CreateDirectory(Path.GetDirectoryName(evidence)!);
        File.WriteAllText(evidence, "{}");
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/nfs-images")]));
        var agent = sandbox.StartRun();
        sandbox.WaitForSettled(generation: 1, restarts: 1);

        Assert.Equal(sandbox.OriginalStorageConf, File.ReadAllBytes(sandbox.StorageConf));
        var views = EffectiveStores(sandbox);
        Assert.Equal(["/mnt/nfs-images"], Strings(views, "crio", "imageStores"));
        Assert.Empty(Strings(views, "podman", "imageStores"));
        var text = sandbox.Cli("status");
        Assert.Contains("read storage.conf only, not CRI-O's drop-ins", text.Stdout, StringComparison.Ordinal);
        agent.StopCleanly();
    }

    private static JsonNode EffectiveStores(AgentSandbox sandbox)
    {
        var status = sandbox.Cli("status", "-o", "json");
        Assert.True(status.ExitCode == 0, status.ToString());
        return JsonNode.Parse(status.Stdout)!["effectiveStores"]!;
    }

    private static List<string> Strings(JsonNode views, string reader, string list) =>
        [.. views[reader]![list]!.AsArray().Select(n => (string)n!)];

    private static ToolRun GreenbootCheck(AgentSandbox sandbox)
    {
        var wrapper = Path.Combine(sandbox.Root, "..", $"{Path.GetFileName(sandbox.Root)}-agent");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec '{AgentSandbox.AgentBinary}' \"$@\" --root '{sandbox.Root}'\n");
        try
        {
            ToolRun.Start("chmod", "+x", wrapper).AssertSuccess();
            return ToolRun.Start("bash", [Path.Combine(SharedData.RepoRoot, "packaging", "greenboot", "35_node_storage_agent_check.sh")],
                new Dictionary<string, string> { ["NSA_AGENT"] = wrapper, ["NSA_GREENBOOT_WAIT_SECONDS"] = "30", ["NSA_GREENBOOT_INTERVAL_SECONDS"] = "1" },
                TimeSpan.FromSeconds(60));
        }
        finally
        {
            File.Delete(wrapper);
        }
    }
}
