using System.Diagnostics;
using System.Globalization;
using NodeStorageAgent.Bench.Agent;
using NodeStorageAgent.Toml;

namespace NodeStorageAgent.Bench.Toml;

/// <summary>Parse throughput of our TOML engine beside Python's tomllib (/usr/bin/python3) on the same files.</summary>
internal static class TomlPythonBench
{
    private const string PythonTimer = """
        import sys, time, tomllib
        texts = [open(p, 'rb').read().decode() for p in sys.argv[2:]]
        size = sum(len(t.encode()) for t in texts)
        for t in texts: tomllib.loads(t)
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < float(sys.argv[1]):
            for t in texts: tomllib.loads(t)
            n += 1
        print(size * n / (time.perf_counter() - start) / 1048576)
        """;

    public static int Run(BenchArgs args)
    {
        var seconds = args.Seconds("--seconds", 5, 2);
        var dir = Directory.CreateTempSubdirectory("nsa-toml-").FullName;
        try
        {
            var generated = Path.Combine(dir, "generated-storage.conf");
            File.WriteAllText(generated, TomlBench.GenerateStorageConf(1 << 20));
            var real = RealConfigs();
            var realFiles = real is not null
                ? Directory.EnumerateFiles(real, "*", SearchOption.AllDirectories).Where(f => Strict(f)).Order(StringComparer.Ordinal).ToList()
                : [];
            Console.WriteLine($"TOML parse throughput, MB/s ({seconds.TotalSeconds:0}s per measurement; Python {Python("import sys; print(sys.version.split()[0])")})");
            Console.WriteLine($"{"input",-40} {"ours",9} {"tomllib",9} {"ratio",7}");
            Compare("generated storage.conf (1 MB)", [generated], seconds);
            if (realFiles.Count > 0)
            {
                Compare($"real configs ({realFiles.Count} files tomllib accepts)", realFiles, seconds);
            }

            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary><c>shared/fixtures/real-configs</c> beside the repository or above it (NSA_SHARED_DIR overrides).</summary>
    private static string? RealConfigs()
    {
        if (Environment.GetEnvironmentVariable("NSA_SHARED_DIR") is { Length: > 0 } shared)
        {
            return Path.Combine(shared, "fixtures", "real-configs");
        }

        for (var dir = new DirectoryInfo(BenchNode.RepoRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures", "real-configs");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static void Compare(string name, List<string> files, TimeSpan seconds)
    {
        var inputs = files.Select(File.ReadAllBytes).ToList();
        var bytes = inputs.Sum(i => (double)i.Length);
        inputs.ForEach(i => TomlDocument.Parse(i)); // warm-up (JIT)
        var n = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < seconds)
        {
            inputs.ForEach(i => TomlDocument.Parse(i));
            n++;
        }

        var ours = bytes * n / watch.Elapsed.TotalSeconds / (1024 * 1024);
        var python = double.Parse(Python(PythonTimer, [seconds.TotalSeconds.ToString(CultureInfo.InvariantCulture), .. files]), CultureInfo.InvariantCulture);
        Console.WriteLine($"{name,-40} {ours,9:F1} {python,9:F1} {ours / python,6:F1}x");
    }

    /// <summary>Only files both sides accept as TOML 1.0 (some real crio.conf files are templates).</summary>
    private static bool Strict(string file) =>
        !TomlDocument.Parse(File.ReadAllBytes(file)).HasErrors
        && Python("import sys, tomllib; tomllib.loads(open(sys.argv[1], 'rb').read().decode()); print('ok')", [file], check: false) == "ok";

    private static string Python(string script, string[]? args = null, bool check = true)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        foreach (var arg in args ?? [])
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException("python3 failed: " + error);
        }

        return output;
    }
}
