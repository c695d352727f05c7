using System.Diagnostics;
using NodeStorageAgent.IntegrationTests.Support;

namespace NodeStorageAgent.IntegrationTests.Fleet;

/// <summary><c>machineconfig</c> and <c>validate</c> through the shipped binary: the same file gets the same verdict.</summary>
public sealed class MachineConfigCliTests : IDisposable
{
    private static readonly string s_agent = Path.Combine(AppContext.BaseDirectory, "node-storage-agent");
    private readonly string _dir = Directory.CreateTempSubdirectory("nsa-mccli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("unknown-key", "[[additionalImageStores]]\npath = \"/mnt/nfs-images\"\ncolour = \"blue\"\n")]
    [InlineData("yaml-as-toml", "additionalImageStores:\n  - path: /mnt/nfs-images\n")]
    [InlineData("bad-path", "[[additionalImageStores]]\npath = \"/mnt/../etc\"\n")]
    public void InvalidFileGetsValidatesDiagnosticsAndExit2(string name, string content)
    {
        // validate checks the file's owner against root (it decides what a node trusts); run as root, as CI does.
        Prerequisites.RequireRoot();
        var file = Path.Combine(_dir, name + ".toml");
        File.WriteAllText(file, content);

        var validate = Run(null, "validate", file);
        var machineConfig = Run(null, "machineconfig", "--pool", "worker", "--desired", file);

        Assert.Equal(2, validate.ExitCode);
        Assert.Equal(2, machineConfig.ExitCode);
        Assert.Equal("", machineConfig.Stdout);
        Assert.Contains(": error NSA", validate.Stderr, StringComparison.Ordinal);
        Assert.Equal(validate.Stderr, machineConfig.Stderr);
    }

    [Fact]
    public void MissingFileIsExit2NamingPathAndErrnoForBothVerbs()
    {
        var missing = Path.Combine(_dir, "typo.toml");

        var validate = Run(null, "validate", missing);
        var machineConfig = Run(null, "machineconfig", "--pool", "worker", "--desired", missing);

        foreach (var run in new[] { validate, machineConfig })
        {
            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.Contains(missing, run.Stderr, StringComparison.Ordinal);
            Assert.Contains("(ENOENT)", run.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CrcOnStdinIsImportedAndDelivered()
    {
        var crc = "apiVersion: machineconfiguration.openshift.io/v1\nkind: ContainerRuntimeConfig\nmetadata:\n  name: lazy\n" +
            "spec:\n  containerRuntimeConfig:\n    additionalLayerStores:\n      - path: /var/lib/stargz-store/store\n";

        var run = Run(System.Text.Encoding.UTF8.GetBytes(crc), "machineconfig", "--pool", "worker", "--crc", "-");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("kind: \"MachineConfig\"", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("path: \"/etc/node-storage-agent/desired-state.toml\"", run.Stdout, StringComparison.Ordinal);
    }

    private static CliResult Run(byte[]? stdin, params string[] args)
    {
        var start = new ProcessStartInfo(s_agent) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.BaseStream.Write(stdin);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(CliResult.Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"{string.Join(' ', args)} did not exit within {CliResult.Timeout.TotalSeconds}s");
        }

        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
