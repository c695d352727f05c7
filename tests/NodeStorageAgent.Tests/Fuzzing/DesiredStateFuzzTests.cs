using System.Diagnostics;
using System.Text.RegularExpressions;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Probing.Hysteresis;
using NodeStorageAgent.Reconcile;
using NodeStorageAgent.Tests.Reconcile;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Tests.Fuzzing;

/// <summary>
/// 10 000 mutated desired-state files through the loader and the planner over a sandboxed node: never an exception,
/// never a hang, never a file written, and whatever is accepted still obeys the API's rules (docs/upstream.md §1.2).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class DesiredStateFuzzTests
{
    private const int Cases = 10_000;

    [Fact]
    public async Task Plan_TenThousandMutatedDesiredStates_NeverThrowsHangsOrWrites()
    {
        var root = Directory.CreateTempSubdirectory("nsa-fuzz-").FullName;
        try
        {
            var node = new NodeRoot(root);
            PopulateNode(node);
            var before = Snapshot(root);
            var mutator = new DesiredStateMutator(seed: 20261121);
            var desiredPath = node.Resolve(NodePaths.DesiredState);
            var accepted = 0;

            var run = Task.Run(async () =>
            {
                for (var i = 0; i < Cases; i++)
                {
                    var input = mutator.Next();
                    await File.WriteAllBytesAsync(desiredPath, input);
                    // A fresh pipeline per case: the daemon's keeps the last valid desired state, which is not under test here.
                    var pipeline = new ReconcilePipeline(new AgentOptions { Root = node }, new ScriptedProber(),
                        new StoreHealthTracker(new HysteresisPolicy()), Serilog.Core.Logger.None);
                    ReconcileResult result;
                    try
                    {
                        result = await pipeline.RunAsync(ReconcileTrigger.Once, StorageOwnership.None, probe: true, CancellationToken.None);
                    }
                    catch (Exception e)
                    {
                        throw new InvalidOperationException($"case {i} ({input.Length} bytes) threw: {Preview(input)}", e);
                    }

                    if (result.Desired is { } spec && !result.HasErrors)
                    {
                        accepted++;
                        AssertObeysApiRules(spec, i, input);
                    }
                    else
                    {
                        Assert.True(result.Plan is null, $"case {i}: a plan was rendered from an invalid desired state: {Preview(input)}");
                        Assert.Contains(result.Diagnostics, d => d.IsError && d.Code.StartsWith("NSA", StringComparison.Ordinal));
                    }
                }
            }, TestContext.Current.CancellationToken);

            await run.WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken); // TimeoutException: the run hung
            File.Delete(desiredPath);
            Assert.Equal(before, Snapshot(root));
            Assert.InRange(accepted, 1, Cases - 1); // both outcomes were exercised
            TestContext.Current.SendDiagnosticMessage($"{Cases} cases, {accepted} accepted");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Parse_TenThousandMutatedDesiredStates_AgreesWithThePlannerOnValidity()
    {
        var mutator = new DesiredStateMutator(seed: 7);
        for (var i = 0; i < Cases; i++)
        {
            var input = mutator.Next();
            var result = DesiredStateParser.Parse(input, "fuzz.toml", ContainerStorageRoots.Default);
            Assert.Equal(result.IsValid, !result.Diagnostics.Any(d => d.IsError));
            if (result.Spec is { } spec)
            {
                AssertObeysApiRules(spec, i, input);
            }
        }
    }

    private static void AssertObeysApiRules(DesiredStateSpec spec, int i, byte[] input)
    {
        var where = $"case {i}: {Preview(input)}";
        Assert.True(spec.LayerStores.Count <= 5 && spec.ImageStores.Count <= 10 && spec.ArtifactStores.Count <= 10, where);
        foreach (var kind in new[] { StoreKind.Layer, StoreKind.Image, StoreKind.Artifact })
        {
            var paths = spec.Stores(kind).Select(s => s.Path).ToList();
            Assert.True(paths.Distinct(StringComparer.Ordinal).Count() == paths.Count, where);
        }

        foreach (var store in spec.AllStores)
        {
            Assert.True(store.Path.Length <= 256 && StorePath().IsMatch(store.Path) && !store.Path.Contains("//", StringComparison.Ordinal), $"{store.Path} accepted; {where}");
        }
    }

    private static void PopulateNode(NodeRoot node)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(node.Resolve(NodePaths.DesiredState))!);
        Directory.CreateDirectory(node.Resolve(NodePaths.CrioConfDir));
        Directory.CreateDirectory(Path.GetDirectoryName(node.Resolve(NodePaths.StorageConf))!);
        File.WriteAllText(node.Resolve(NodePaths.StorageConf),
            "[storage]\ndriver = \"overlay\"\nrunroot = \"/run/containers/storage\"\ngraphroot = \"/var/lib/containers/storage\"\n\n[storage.options]\nadditionalimagestores = [\"/mnt/admin\"]\n");
        File.WriteAllText(node.Resolve(NodePaths.CrioDropIn), "[crio.runtime]\nadditional_artifact_stores = [\"/mnt/old\"]\n");
        File.WriteAllText(Path.Combine(node.Resolve(NodePaths.CrioConfDir), "01-ctrcfg.conf"), "[crio.runtime]\nlog_level = \"info\"\n");
    }

    /// <summary>Every file under the root with its bytes and mtime, sorted (records compare by value in a string).</summary>
    private static string Snapshot(string root) => string.Join('\n',
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(root, f)} {File.GetLastWriteTimeUtc(f):O} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}"));

    private static string Preview(byte[] input)
    {
        var text = System.Text.Encoding.UTF8.GetString(input.AsSpan(0, Math.Min(input.Length, 160)));
        return text.ReplaceLineEndings("\\n") + (input.Length > 160 ? $"… ({input.Length} bytes)" : "");
    }

    /// <summary>StorePath: <c>^/[a-zA-Z0-9/._-]+$</c> (docs/upstream.md §1.1).</summary>
    [GeneratedRegex("^/[a-zA-Z0-9/._-]+$")]
    private static partial Regex StorePath();
}
