using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.TestSupport;

namespace NodeStorageAgent.IntegrationTests.Stargz;

/// <summary>Where scripts/build-stargz-store.sh puts our stargz-store and estargz-image builds, and the gate on
/// every real component the lazy-pulling tests drive.</summary>
internal static class StargzTools
{
    public static string BinDir =>
        Environment.GetEnvironmentVariable("NSA_STARGZ_BIN") is { Length: > 0 } dir ? dir : Path.Combine(SharedData.RepoRoot, "artifacts", "stargz", "bin");

    public static string StargzStore => Path.Combine(BinDir, "stargz-store");

    public static string EstargzImage => Path.Combine(BinDir, "estargz-image");

    public static void Require()
    {
        Prerequisites.RequireRoot();
        Prerequisites.Require(File.Exists("/dev/fuse"), "/dev/fuse");
        Prerequisites.Require(File.Exists(StargzStore), $"{StargzStore} (run scripts/build-stargz-store.sh)");
        Prerequisites.Require(File.Exists(EstargzImage), $"{EstargzImage} (run scripts/build-stargz-store.sh)");
        foreach (var command in new[] { "docker-registry", "skopeo", "podman", "runc", "unshare", "fusermount3" })
        {
            Prerequisites.RequireCommand(command);
        }
    }
}
