using System.CommandLine;
using System.Text;
using NodeStorageAgent.Cli;
using static NodeStorageAgent.Tests.Fleet.MachineConfigYaml;

namespace NodeStorageAgent.Tests.Fleet;

public sealed class MachineConfigCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nsa-mc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void InvokeValidPoolAndFilePrintsBothDocumentsAndExitsOk()
    {
        var bytes = Encoding.UTF8.GetBytes("[[additionalImageStores]]\npath = \"/mnt/nfs-images\"\n");
        var desired = Path.Combine(_dir, "desired-state.toml");
        File.WriteAllBytes(desired, bytes);

        var (code, stdout, stderr) = Invoke("machineconfig", "--pool", "worker", "--desired", desired);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("", stderr);
        var yaml = Parse(stdout);
        var source = Scalar(yaml.MachineConfig, "spec", "config", "storage", "files", 0, "contents", "source").Value!;
        Assert.Equal(bytes, Convert.FromBase64String(source[(source.IndexOf(',') + 1)..]));
        Assert.Equal("None", Scalar(yaml.Policy, "spec", "nodeDisruptionPolicy", "files", 0, "actions", 0, "type").Value);
    }

    [Fact]
    public void InvokeBadPoolNameExitsInvalidWithDiagnostic()
    {
        var desired = Path.Combine(_dir, "d.toml");
        File.WriteAllText(desired, "");

        var (code, stdout, stderr) = Invoke("machineconfig", "--pool", "Worker_1", "--desired", desired);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", stdout);
        Assert.Contains("NSA1901", stderr);
    }

    [Fact]
    public void InvokeMissingFileExitsInvalidNamingPathAndErrno()
    {
        var missing = Path.Combine(_dir, "nope.toml");

        var (code, stdout, stderr) = Invoke("machineconfig", "--pool", "worker", "--desired", missing);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", stdout);
        Assert.Contains("NSA1902", stderr);
        Assert.Contains(missing, stderr);
        Assert.Contains("ENOENT", stderr);
    }

    [Fact]
    public void InvokeDirectoryInsteadOfFileExitsInvalid()
    {
        var (code, _, stderr) = Invoke("machineconfig", "--pool", "worker", "--desired", _dir);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Contains("NSA1902", stderr);
        Assert.Contains("EISDIR", stderr);
    }

    [Theory]
    [InlineData("[[additionalImageStores]]\npath = \"/mnt/nfs-images\"\ncolour = \"blue\"\n", "NSA1021", ":3:")]
    [InlineData("additionalImageStores:\n  - path: /mnt/nfs-images\n", "NSA1020", ":1:")]
    [InlineData("[[additionalImageStores]]\npath = \"/mnt//x\"\n", "NSA1005", ":2:")]
    public void InvokeInvalidDesiredStateIsRefusedWithTheValidatorsDiagnostic(string content, string code, string line)
    {
        var desired = Path.Combine(_dir, "desired-state.toml");
        File.WriteAllText(desired, content);

        var (exit, stdout, stderr) = Invoke("machineconfig", "--pool", "worker", "--desired", desired);

        Assert.Equal(ExitCodes.Invalid, exit);
        Assert.Equal("", stdout);
        Assert.Contains($"error {code}:", stderr);
        Assert.Contains(desired + line, stderr);
    }

    [Fact]
    public void InvokeCrcImportsAndDeliversTheEquivalentDesiredState()
    {
        var crc = Path.Combine(_dir, "crc.yaml");
        File.WriteAllText(crc, """
            apiVersion: machineconfiguration.openshift.io/v1
            kind: ContainerRuntimeConfig
            metadata:
              name: ml-stores
            spec:
              machineConfigPoolSelector:
                matchLabels:
                  pools.operator.machineconfiguration.openshift.io/worker: ""
              containerRuntimeConfig:
                additionalImageStores:
                  - path: /mnt/nfs-images
            """);

        var (code, stdout, stderr) = Invoke("machineconfig", "--pool", "worker", "--crc", crc);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.DoesNotContain("error", stderr);
        var source = Scalar(Parse(stdout).MachineConfig, "spec", "config", "storage", "files", 0, "contents", "source").Value!;
        var delivered = Encoding.UTF8.GetString(Convert.FromBase64String(source[(source.IndexOf(',') + 1)..]));
        var spec = NodeStorageAgent.DesiredState.DesiredStateParser.Parse(Encoding.UTF8.GetBytes(delivered), "delivered",
            NodeStorageAgent.DesiredState.ContainerStorageRoots.Default).Spec;
        Assert.NotNull(spec);
        Assert.Equal("/mnt/nfs-images", Assert.Single(spec.ImageStores).Path);
    }

    [Fact]
    public void InvokeCrcWithAnInvalidStoreIsRefusedWithTheImportersDiagnostic()
    {
        var crc = Path.Combine(_dir, "crc.yaml");
        File.WriteAllText(crc, """
            apiVersion: machineconfiguration.openshift.io/v1
            kind: ContainerRuntimeConfig
            metadata:
              name: bad
            spec:
              containerRuntimeConfig:
                additionalImageStores:
                  - path: relative/store
            """);

        var (code, stdout, stderr) = Invoke("machineconfig", "--pool", "worker", "--crc", crc);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", stdout);
        Assert.Contains("error NSA1004:", stderr);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void InvokeNeedsExactlyOneOfDesiredAndCrc(bool both)
    {
        var desired = Path.Combine(_dir, "d.toml");
        File.WriteAllText(desired, "");
        string[] args = both
            ? ["machineconfig", "--pool", "worker", "--desired", desired, "--crc", desired]
            : ["machineconfig", "--pool", "worker"];

        var (code, stdout, stderr) = Invoke(args);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", stdout);
        Assert.Contains("NSA1903", stderr);
    }

    [Fact]
    public void InvokeEnableUnitAddsTheUnitOnlyWhenAsked()
    {
        var desired = Path.Combine(_dir, "d.toml");
        File.WriteAllText(desired, "");

        var image = Parse(Invoke("machineconfig", "--pool", "worker", "--desired", desired).Stdout);
        var enabled = Parse(Invoke("machineconfig", "--pool", "worker", "--desired", desired, "--enable-unit").Stdout);

        Assert.False(Has(At(image.MachineConfig, "spec", "config"), "systemd"));
        Assert.Equal("node-storage-agent.service",
            Scalar(enabled.MachineConfig, "spec", "config", "systemd", "units", 0, "name").Value);
    }

    [Fact]
    public void InvokeWithoutPoolIsAParseError()
    {
        var (code, stdout, stderr) = Invoke("machineconfig", "--desired", "x.toml");

        Assert.NotEqual(ExitCodes.Ok, code);
        Assert.Contains("--pool", stderr);
        Assert.DoesNotContain("apiVersion", stdout);
    }

    private static (int Code, string Stdout, string Stderr) Invoke(params string[] args)
    {
        var root = new RootCommand { MachineConfigCommand.Create() };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = root.Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }
}
