using System.Diagnostics;
using System.Text;
using NodeStorageAgent.Toml;

namespace NodeStorageAgent.Bench.Toml;

/// <summary>Parse, print and edit throughput of the TOML engine, with allocations per operation.</summary>
internal static class TomlBench
{
    private static readonly string[] s_options = ["storage", "options"];
    private static readonly string[] s_configFolders = ["storage", "crio"];

    public static int Run(string[] args)
    {
        var generated = Encoding.UTF8.GetBytes(GenerateStorageConf(1 << 20));
        Console.WriteLine($"TOML engine benchmark ({Environment.ProcessorCount} cores, .NET {Environment.Version})");
        Console.WriteLine($"{"input",-44} {"operation",-10} {"MB/s",9} {"alloc/op",12} {"alloc/input",11}");
        Measure("generated storage.conf (1 MB)", generated);

        var realConfigs = FindRealConfigs(args.FirstOrDefault());
        if (realConfigs.Count > 0)
        {
            var all = realConfigs.Select(File.ReadAllBytes).ToList();
            Measure($"real configs ({all.Count} files, {all.Sum(b => b.Length) / 1024} KB)", all);
        }
        else
        {
            Console.WriteLine("real configs: not found (pass the shared/ folder or set NSA_SHARED_DIR)");
        }

        return 0;
    }

    private static void Measure(string name, byte[] input) => Measure(name, [input]);

    private static void Measure(string name, List<byte[]> inputs)
    {
        var bytes = inputs.Sum(i => (long)i.Length);
        var documents = inputs.Select(i => TomlDocument.Parse(i)).ToList();
        if (documents.Any(d => d.HasErrors))
        {
            throw new InvalidOperationException("benchmark input has errors: " + documents.First(d => d.HasErrors).Diagnostics[0]);
        }

        Report(name, "parse", bytes, () => inputs.ForEach(i => TomlDocument.Parse(i)));
        Report(name, "print", bytes, () => documents.ForEach(d => d.ToUtf8Bytes()));
        Report(name, "json", bytes, () => documents.ForEach(d => TomlTaggedJson.Encode(d.Root)));
        Report(name, "edit", bytes, () => documents.ForEach(d => TomlEditor.SetStringArray(d, s_options, "additionalimagestores", ["/mnt/a", "/mnt/b"])));
    }

    /// <summary>
    /// Best of several rounds: the machine is shared, so the fastest round is the least disturbed measurement of the
    /// code itself. Allocations are exact (this thread only) and averaged over all iterations.
    /// </summary>
    private static void Report(string name, string operation, long bytes, Action action)
    {
        const int Rounds = 7;
        action(); // warm-up (JIT)
        var iterations = Math.Max(2, (int)(10_000_000 / Math.Max(bytes, 1)));
        var best = TimeSpan.MaxValue;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < Rounds; round++)
        {
            GC.Collect();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++)
            {
                action();
            }

            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (Rounds * iterations);
        var mbPerSecond = bytes * iterations / best.TotalSeconds / (1024 * 1024);
        Console.WriteLine($"{name,-44} {operation,-10} {mbPerSecond,9:F1} {allocated / 1024.0,9:F0} KB {allocated / (double)bytes,10:F1}x");
    }

    /// <summary>A storage.conf-shaped document: commented sections, string/bool/int keys, multi-line arrays, an inline table.</summary>
    internal static string GenerateStorageConf(int targetBytes)
    {
        var sb = new StringBuilder("# storage.conf is the configuration file for all tools\n# that share the containers/storage libraries\n[storage]\ndriver = \"overlay\"\nrunroot = \"/run/containers/storage\"\n\n[storage.options]\nadditionalimagestores = [\n]\n\n");
        for (var i = 0; sb.Length < targetBytes; i++)
        {
            sb.Append("# Section ").Append(i).Append(": options for a driver. Remap-UIDs/GIDs is the mapping from UIDs/GIDs\n")
              .Append("# as they should appear inside of a container, to UIDs/GIDs outside of the container.\n")
              .Append("[storage.options.driver").Append(i).Append("]\n")
              .Append("mountopt = \"nodev,metacopy=on\"\n")
              .Append("skip_mount_home = \"true\"\n")
              .Append("size = \"\"\n")
              .Append("force_mask = 0o700 # octal\n")
              .Append("ignore_chown_errors = false\n")
              .Append("pull_options = {enable_partial_images = \"false\", use_hard_links = \"false\", ostree_repos=\"\"}\n")
              .Append("stores = [\n    \"/var/lib/stores/a\", # first\n    \"/var/lib/stores/b\",\n]\n")
              .Append("# remap-uids = 0:1668442479:65536\n\n");
        }

        return sb.ToString();
    }

    private static List<string> FindRealConfigs(string? sharedDir)
    {
        sharedDir ??= Environment.GetEnvironmentVariable("NSA_SHARED_DIR");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); sharedDir is null && dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "fixtures", "real-configs")))
            {
                sharedDir = candidate;
            }
        }

        var root = sharedDir is null ? null : Path.Combine(sharedDir, "fixtures", "real-configs");
        return root is null || !Directory.Exists(root) ? [] :
        [
            .. s_configFolders.SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*", SearchOption.AllDirectories)).Order(StringComparer.Ordinal),
        ];
    }
}
