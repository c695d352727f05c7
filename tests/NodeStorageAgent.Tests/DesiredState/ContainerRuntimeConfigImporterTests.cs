using System.Text;
using NodeStorageAgent.DesiredState;

namespace NodeStorageAgent.Tests.DesiredState;

public sealed class ContainerRuntimeConfigImporterTests
{
    private const string EnhancementExample = """
        apiVersion: machineconfiguration.openshift.io/v1
        kind: ContainerRuntimeConfig
        metadata:
          name: enable-lazy-pulling
        spec:
          machineConfigPoolSelector:
            matchLabels:
              pools.operator.machineconfiguration.openshift.io/worker: ""
          containerRuntimeConfig:
            logLevel: debug
            additionalLayerStores:
              - path: /var/lib/stargz-store/store
            additionalImageStores:
              - path: /mnt/nfs-images
              - path: /mnt/ssd-images
            additionalArtifactStores:
              - path: /mnt/ssd-artifacts
        """;

    [Fact]
    public void ImportsTheEnhancementExample_IntoDesiredStateThatParsesBackToTheSameStores()
    {
        var result = ContainerRuntimeConfigImporter.Import(EnhancementExample, "crc.yaml", ContainerStorageRoots.Default);

        Assert.NotNull(result.Toml);
        var warning = Assert.Single(result.Diagnostics);
        Assert.False(warning.IsError);
        Assert.Contains("logLevel", warning.Message, StringComparison.Ordinal);
        Assert.Equal(10, warning.Line);

        var parsed = DesiredStateParser.Parse(Encoding.UTF8.GetBytes(result.Toml), "imported.toml", ContainerStorageRoots.Default);
        Assert.True(parsed.IsValid, string.Join("\n", parsed.Diagnostics));
        Assert.Equal(["/var/lib/stargz-store/store"], parsed.Spec!.LayerStores.Select(s => s.Path));
        Assert.Equal(["/mnt/nfs-images", "/mnt/ssd-images"], parsed.Spec.ImageStores.Select(s => s.Path));
        Assert.Equal(["/mnt/ssd-artifacts"], parsed.Spec.ArtifactStores.Select(s => s.Path));
        Assert.Contains("'enable-lazy-pulling'", result.Toml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kind: MachineConfig\n", "no object with kind: ContainerRuntimeConfig")]
    [InlineData("kind: ContainerRuntimeConfig\nspec: {}\n", "spec.containerRuntimeConfig is missing")]
    [InlineData("kind: [\n", "invalid YAML")]
    [InlineData("kind: ContainerRuntimeConfig\nspec:\n  containerRuntimeConfig:\n    additionalImageStores:\n      - path: /mnt/a:b\n", "path must be absolute")]
    [InlineData("kind: ContainerRuntimeConfig\nspec:\n  containerRuntimeConfig:\n    additionalImageStores:\n      - name: x\n", "Required value")]
    [InlineData("kind: ContainerRuntimeConfig\nspec:\n  containerRuntimeConfig:\n    additionalImageStores: /mnt/a\n", "must be a list")]
    [InlineData("kind: ContainerRuntimeConfig\n---\nkind: ContainerRuntimeConfig\n", "found 2 ContainerRuntimeConfig objects")]
    [InlineData("kind: ContainerRuntimeConfig\nspec:\n  containerRuntimeConfig:\n    additionalImageStores: []\n", "additionalImageStores: should have at least 1 items")]
    [InlineData("kind: ContainerRuntimeConfig\nspec:\n  containerRuntimeConfig:\n    additionalArtifactStores:\n      - path: /mnt/x/../y\n", "'..'")]
    [InlineData("kind: ContainerRuntimeConfig\nspec:\n  containerRuntimeConfig:\n    additionalArtifactStores:\n      - path: /mnt/x/\n", "trailing slash")]
    [InlineData("kind: ContainerRuntimeConfig\nspec:\n  containerRuntimeConfig:\n    additionalLayerStores:\n      - path: /mnt/x\n    additionalImageStores:\n      - path: /mnt/x\n", "is used in both AdditionalLayerStores and AdditionalImageStores")]
    public void RefusesWhatTheApiOrTheAgentWouldRefuse(string yaml, string expected)
    {
        var result = ContainerRuntimeConfigImporter.Import(yaml, "crc.yaml", ContainerStorageRoots.Default);
        Assert.Null(result.Toml);
        var error = result.Diagnostics.First(d => d.IsError);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 0);
    }
}
