using NodeStorageAgent.Fleet;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Tests.Fleet;

public sealed class MachineConfigNodeDetectorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nsa-mco-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void DetectPlainNodeIsNotManaged()
    {
        Touch("/etc/containers/storage.conf");

        var detection = new MachineConfigNodeDetector(new NodeRoot(_root)).Detect();

        Assert.False(detection.IsManaged);
        Assert.Null(detection.Evidence);
    }

    [Fact]
    public void DetectMachineConfigDaemonCurrentConfigIsManaged()
    {
        Touch("/etc/machine-config-daemon/currentconfig");

        var detection = new MachineConfigNodeDetector(new NodeRoot(_root)).Detect();

        Assert.True(detection.IsManaged);
        Assert.Equal("/etc/machine-config-daemon/currentconfig", detection.Evidence);
    }

    [Fact]
    public void DetectFirstBootServerContentOnlyIsManaged()
    {
        Touch("/etc/mcs-machine-config-content.json");

        var detection = new MachineConfigNodeDetector(new NodeRoot(_root)).Detect();

        Assert.True(detection.IsManaged);
        Assert.Equal("/etc/mcs-machine-config-content.json", detection.Evidence);
    }

    [Fact]
    public void DetectBothFilesPrefersTheDaemonsCurrentConfig()
    {
        Touch("/etc/mcs-machine-config-content.json");
        Touch("/etc/machine-config-daemon/currentconfig");

        Assert.Equal("/etc/machine-config-daemon/currentconfig",
            new MachineConfigNodeDetector(new NodeRoot(_root)).Detect().Evidence);
    }

    [Fact]
    public void DetectDirectoryInsteadOfFileIsNotEvidence()
    {
        Directory.CreateDirectory(_root + "/etc/machine-config-daemon/currentconfig");

        Assert.False(new MachineConfigNodeDetector(new NodeRoot(_root)).Detect().IsManaged);
    }

    [Fact]
    public void DetectEvidenceOutsideTheRootIsIgnored()
    {
        // The sandbox root decides; the build machine's own /etc (no MCO) must not leak in, and vice versa.
        var sandbox = new MachineConfigNodeDetector(new NodeRoot(_root)).Detect();
        Touch("/etc/machine-config-daemon/currentconfig");
        var nested = new MachineConfigNodeDetector(new NodeRoot(_root + "/etc")).Detect();

        Assert.False(sandbox.IsManaged);
        Assert.False(nested.IsManaged);
    }

    private void Touch(string nodePath)
    {
        var hostPath = _root + nodePath;
        Directory.CreateDirectory(Path.GetDirectoryName(hostPath)!);
        File.WriteAllText(hostPath, "{}");
    }
}
