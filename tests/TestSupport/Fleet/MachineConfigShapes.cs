using System.Text;
using NodeStorageAgent.Fleet;

namespace NodeStorageAgent.TestSupport.Fleet;

/// <summary>
/// Every shape of <c>machineconfig</c> output: each <see cref="UnitEnablement"/> × each kind of delivered file
/// (empty, every store kind with non-default apply options, a ContainerRuntimeConfig import's output, non-ASCII)
/// × pool names that stress YAML (a number, a YAML 1.1 boolean, 63 characters). The renderer's output depends on
/// nothing else: <c>--desired</c> and <c>--crc</c> differ only in the bytes delivered.
/// </summary>
internal static class MachineConfigShapes
{
    private static readonly (string Name, string Toml)[] s_files =
    [
        ("empty", ""),
        ("every-store", """
            [[additionalLayerStores]]
            path = "/var/lib/stargz-store/store"

            [[additionalImageStores]]
            path = "/mnt/nfs-images"

            [[additionalArtifactStores]]
            path = "/mnt/ssd-artifacts"

            [apply]
            action = "reboot"
            storageMode = "crio-storage-option"
            """),
        ("crc-import", "# imported from ContainerRuntimeConfig ml-stores\n[[additionalImageStores]]\npath = \"/mnt/nfs-images\"\n"),
        ("non-ascii-comment", "# Speicher für Modelle\n[apply]\naction = \"none\"\n"),
    ];

    private static readonly string[] s_pools = ["worker", "123", "yes", new string('p', 63)];

    public static IEnumerable<(string Name, string Yaml)> All()
    {
        foreach (var unit in Enum.GetValues<UnitEnablement>())
        {
            foreach (var (file, toml) in s_files)
            {
                foreach (var pool in s_pools)
                {
                    yield return ($"{unit}/{file}/{(pool.Length > 10 ? "63-chars" : pool)}",
                        MachineConfigRenderer.Render(pool, Encoding.UTF8.GetBytes(toml), unit));
                }
            }
        }
    }
}
