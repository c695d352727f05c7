using NodeStorageAgent.Cli;
using NodeStorageAgent.Reconcile;
using NodeStorageAgent.Rendering;

namespace NodeStorageAgent.Tests.Reconcile;

public class StatusFormatTests
{
    private static readonly AgentStatus s_status = new() { Pid = 1, Health = AgentHealth.Healthy, Summary = "ok" };

    [Fact]
    public void FormatShowsBothReadersAndSaysWhyPodmanDiffers()
    {
        var views = new StoreViews(
            new EffectiveStores(["/mnt/nfs-images"], ["/var/lib/stargz-store/store:ref"], ["/mnt/ssd-artifacts"]),
            new EffectiveStores([], [], []));

        var text = StatusCommand.Format(s_status with { EffectiveStores = views }, notRunning: null);

        Assert.Matches(@"\ncrio +/mnt/nfs-images +/var/lib/stargz-store/store:ref +/mnt/ssd-artifacts\n", text);
        Assert.Matches(@"\npodman +- +- +\(n/a\)\n", text);
        Assert.Contains("read storage.conf only, not CRI-O's drop-ins", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatWithTheSameViewsHasNoNote()
    {
        var same = new EffectiveStores(["/mnt/nfs-images"], [], []);

        var text = StatusCommand.Format(s_status with { EffectiveStores = new StoreViews(same, same) }, notRunning: null);

        Assert.Contains("Effective stores", text, StringComparison.Ordinal);
        Assert.DoesNotContain("not CRI-O's drop-ins", text, StringComparison.Ordinal);
    }
}
