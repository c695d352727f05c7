using System.Text.RegularExpressions;
using System.Diagnostics;
using System.Text.Json.Nodes;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.TestSupport;

namespace NodeStorageAgent.IntegrationTests.Cli;

/// <summary>The shipped binary's one-shot verbs, as an admin or toml-test's harness runs them.</summary>
public sealed class CliVerbTests : IDisposable
{
    private static readonly string s_agent = AgentSandbox.AgentBinary;
    private readonly string _dir = Directory.CreateTempSubdirectory("nsa-cli-").FullName;

    [Theory]
    [InlineData("valid/example.toml")]
    [InlineData("valid/spec-example-1.toml")]
    [InlineData("valid/string/multiline-escaped-crlf.toml")]
    [InlineData("valid/datetime/local.toml")]
    public void TomlDecode_SpeaksTomlTestsProtocol(string file)
    {
        var input = File.ReadAllBytes(Path.Combine(SharedData.TomlTest, file));
        var run = Run(input, "toml", "decode");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(SharedData.TomlTest, Path.ChangeExtension(file, ".json"))));
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(run.Stdout)), $"{file}: {run.Stdout}");
    }

    [Fact]
    public void TomlDecode_RejectsInvalidInputWithPositionOnStderr()
    {
        var run = Run("a = 1\na = 2\n"u8.ToArray(), "toml", "decode");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Matches(@":2:\d+: error: ", run.Stderr);
    }

    [Fact]
    public void TomlCheck_PrintsFileLineColumnPerProblem()
    {
        var good = Path.Combine(_dir, "good.conf");
        var bad = Path.Combine(_dir, "bad.conf");
        File.WriteAllText(good, "[crio.runtime]\nadditional_artifact_stores = [\"/mnt/a\"]\n");
        File.WriteAllText(bad, "[crio.runtime]\nadditional_artifact_stores = [\"/mnt/a\"\n");
        Assert.Equal(0, Run(null, "toml", "check", good).ExitCode);
        var run = Run(null, "toml", "check", good, bad);
        Assert.Equal(2, run.ExitCode);
        Assert.Matches($@"{Regex.Escape(bad)}:2:\d+: error: ", run.Stdout + run.Stderr);
    }

    [Fact]
    public void Validate_ExitCodesAndMessages()
    {
        var good = Path.Combine(_dir, "good.toml");
        File.WriteAllText(good, "[[additionalImageStores]]\npath = \"/mnt/nfs-images\"\n");
        var ok = Run(null, "validate", good);
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.Contains("1 image", ok.Stdout, StringComparison.Ordinal);

        var bad = Path.Combine(_dir, "bad.toml");
        File.WriteAllText(bad, "[[additionalImageStores]]\npath = \"/mnt//x\"\n");
        var invalid = Run(null, "validate", bad);
        Assert.Equal(2, invalid.ExitCode);
        Assert.Contains($"{bad}:2:8: error NSA1005: additionalImageStores.path: path must not contain consecutive forward slashes", invalid.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportCrc_PrintsDesiredStateThatValidates()
    {
        var crc = Path.Combine(_dir, "crc.yaml");
        File.WriteAllText(crc, "apiVersion: machineconfiguration.openshift.io/v1\nkind: ContainerRuntimeConfig\nmetadata:\n  name: lazy\nspec:\n  containerRuntimeConfig:\n    additionalLayerStores:\n      - path: /var/lib/stargz-store/store\n");
        var import = Run(null, "import-crc", crc);
        Assert.True(import.ExitCode == 0, import.Stderr);
        var desired = Path.Combine(_dir, "desired.toml");
        File.WriteAllText(desired, import.Stdout);
        Assert.Equal(0, Run(null, "validate", desired).ExitCode);
    }

    [Fact]
    public void EveryVerbHasHelp()
    {
        foreach (var verb in new[] { "run", "status", "validate", "plan", "render", "probe", "apply", "rollback", "uninstall", "import-crc", "machineconfig", "toml" })
        {
            var run = Run(null, verb, "--help");
            Assert.True(run.ExitCode == 0 && run.Stdout.Contains("Usage:", StringComparison.Ordinal), $"{verb}: {run.Stdout}{run.Stderr}");
        }
    }

    private sealed record Result(int ExitCode, string Stdout, string Stderr);

    private static Result Run(byte[]? stdin, params string[] args)
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
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), $"{string.Join(' ', args)} did not exit");
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
