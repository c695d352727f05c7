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
