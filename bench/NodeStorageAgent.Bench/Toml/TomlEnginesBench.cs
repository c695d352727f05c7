using System.Diagnostics;
using System.Globalization;
using System.Text;
using NodeStorageAgent.Bench.Agent;
using NodeStorageAgent.Toml;
using Tomlyn;
using TomlynTable = Tomlyn.Model.TomlTable;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace NodeStorageAgent.Bench.Toml;

/// <summary>
/// Our TOML engine beside Tomlyn 2.10.2 (its syntax tree, which keeps trivia, and its model) and Python's tomllib,
/// in one run, on the same bytes: parse throughput and allocations per input byte, the toml-test corpus
/// (valid files accepted, invalid files rejected, by the corpus's TOML 1.0.0 file list), byte-exact round trip of
/// real configs, and whether setting <c>[storage.options] additionalimagestores</c> keeps every other byte.
/// Tomlyn is referenced by this bench only, never by the agent (docs/dependencies.md).
/// </summary>
internal static class TomlEnginesBench
{
    private static readonly string[] s_newStores = ["/mnt/nfs-images", "/mnt/ssd-images"];

    public static int Run(BenchArgs args)
    {
        var seconds = args.Seconds("--seconds", 3, 1);
        var shared = SharedDir();
        var corpus = Path.Combine(shared, "toml-test");
        var realStorage = Directory.GetFiles(Path.Combine(shared, "fixtures", "real-configs", "storage")).Order(StringComparer.Ordinal).ToList();
        var realAll = Directory.GetFiles(Path.Combine(shared, "fixtures", "real-configs"), "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Select(File.ReadAllBytes).Where(b => !TomlDocument.Parse(b).HasErrors).ToList();
        var generated = Encoding.UTF8.GetBytes(TomlBench.GenerateStorageConf(1 << 20));

        Console.WriteLine($"TOML engines, one run ({seconds.TotalSeconds:0} s per throughput measurement); Tomlyn 2.10.2, Python {Python("import sys; print(sys.version.split()[0])")}");
        Console.WriteLine();
        Console.WriteLine("parse: MB/s | allocated bytes per input byte");
        Console.WriteLine($"{"input",-34} {"ours",18} {"Tomlyn syntax",18} {"Tomlyn model",18} {"tomllib",9}");
        Throughput("generated storage.conf (1 MB)", [generated], seconds);
        Throughput($"real configs ({realAll.Count} files)", realAll, seconds);

        Console.WriteLine();
        Conformance(corpus);
        Console.WriteLine();
        RoundTripAndEdit(realStorage, generated);
        return 0;
    }

    // ---- throughput -------------------------------------------------------------------------------------------

    private static void Throughput(string name, List<byte[]> inputs, TimeSpan seconds)
    {
        var ours = Measure(inputs, seconds, b => TomlDocument.Parse(b));
        var syntax = Measure(inputs, seconds, b => SyntaxParser.Parse(Encoding.UTF8.GetString(b), null, true));
        var model = Measure(inputs, seconds, b => Tomlyn.TomlSerializer.Deserialize<TomlynTable>(Encoding.UTF8.GetString(b))!);
        var files = WriteTemp(inputs);
        try
        {
            var python = double.Parse(Python(PythonTimer, [seconds.TotalSeconds.ToString(CultureInfo.InvariantCulture), .. files]), CultureInfo.InvariantCulture);
            Console.WriteLine($"{name,-34} {ours,18} {syntax,18} {model,18} {python,9:F1}");
        }
        finally
        {
            files.ForEach(File.Delete);
        }
    }

    private static string Measure(List<byte[]> inputs, TimeSpan seconds, Func<byte[], object> parse)
    {
        var bytes = inputs.Sum(i => (double)i.Length);
        inputs.ForEach(i => parse(i)); // warm-up (JIT)
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        inputs.ForEach(i => parse(i));
        var perByte = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / bytes;
        var n = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < seconds)
        {
            inputs.ForEach(i => parse(i));
            n++;
        }

        var mbs = bytes * n / watch.Elapsed.TotalSeconds / (1024 * 1024);
        return $"{mbs,7:F1} | {perByte,6:F1} B/B";
    }

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

    // ---- toml-test ------------------------------------------------------------------------------------------

    private const string PythonConformance = """
        import sys, tomllib
        root, listing = sys.argv[1], sys.argv[2]
        ok = 0
        for rel in open(listing).read().split():
            valid = rel.startswith('valid/')
            try:
                tomllib.loads(open(root + '/' + rel, 'rb').read().decode('utf-8'))
                accepted = True
            except Exception:
                accepted = False
            ok += accepted == valid
        print(ok)
        """;

    private static void Conformance(string corpus)
    {
        var listing = Path.Combine(corpus, "files-toml-1.0.0");
        var files = File.ReadAllLines(listing).Where(l => l.EndsWith(".toml", StringComparison.Ordinal)).ToList();
        var valid = files.Where(f => f.StartsWith("valid/", StringComparison.Ordinal)).ToList();
        var invalid = files.Where(f => f.StartsWith("invalid/", StringComparison.Ordinal)).ToList();
        Console.WriteLine($"toml-test (TOML 1.0.0 list: {valid.Count} valid, {invalid.Count} invalid): valid accepted / invalid rejected");
        Report("ours", valid, invalid, corpus, b => !TomlDocument.Parse(b).HasErrors);
        Report("Tomlyn syntax (validate)", valid, invalid, corpus, b => Strict(b) is { } text && !SyntaxParser.Parse(text, null, true).HasErrors);
        Report("Tomlyn model", valid, invalid, corpus, b => Strict(b) is { } text && Accepts(() => Tomlyn.TomlSerializer.Deserialize<TomlynTable>(text)));

        // tomllib: one process; it prints how many files it classified right (valid accepted + invalid rejected),
        // and the valid-only run tells the two apart.
        var validOnly = Path.GetTempFileName();
        File.WriteAllLines(validOnly, valid);
        var allFiles = Path.GetTempFileName();
        File.WriteAllLines(allFiles, files.Where(f => f.EndsWith(".toml", StringComparison.Ordinal)));
        try
        {
            var validOk = int.Parse(Python(PythonConformance, [corpus, validOnly]), CultureInfo.InvariantCulture);
            var allOk = int.Parse(Python(PythonConformance, [corpus, allFiles]), CultureInfo.InvariantCulture);
            Console.WriteLine($"{"Python tomllib",-28} {validOk,4}/{valid.Count} valid accepted, {allOk - validOk,4}/{invalid.Count} invalid rejected");
        }
        finally
        {
            File.Delete(validOnly);
            File.Delete(allFiles);
        }
    }

    private static void Report(string engine, List<string> valid, List<string> invalid, string corpus, Func<byte[], bool> accepts)
    {
        var validOk = valid.Count(f => accepts(File.ReadAllBytes(Path.Combine(corpus, f))));
        var invalidOk = invalid.Count(f => !accepts(File.ReadAllBytes(Path.Combine(corpus, f))));
        Console.WriteLine($"{engine,-28} {validOk,4}/{valid.Count} valid accepted, {invalidOk,4}/{invalid.Count} invalid rejected");
    }

    /// <summary>Tomlyn takes text: bytes that are not UTF-8 count as a rejection, as a TOML reader must reject them
    /// (null).</summary>
    private static string? Strict(byte[] utf8)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool Accepts(Action parse)
    {
        try
        {
            parse();
            return true;
        }
        catch (Exception e) when (e is TomlException or ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            return false;
        }
    }

    // ---- round trip and edit --------------------------------------------------------------------------------

    private static void RoundTripAndEdit(List<string> storageFiles, byte[] generated)
    {
        var inputs = storageFiles.Select(f => (Name: Path.GetFileName(f), Bytes: File.ReadAllBytes(f)))
            .Append(("generated-1MB.storage.conf", generated)).ToList();
        var (oursTrip, tomlynTrip, oursEdit, tomlynEdit, oursValid, tomlynValid, editable) = (0, 0, 0, 0, 0, 0, 0);
        foreach (var (name, bytes) in inputs)
        {
            var ours = TomlDocument.Parse(bytes);
            var text = Encoding.UTF8.GetString(bytes);
            var tree = SyntaxParser.Parse(text, name, true);
            oursTrip += ours.ToUtf8Bytes().AsSpan().SequenceEqual(bytes) ? 1 : 0;
            tomlynTrip += Encoding.UTF8.GetBytes(tree.ToString()).AsSpan().SequenceEqual(bytes) ? 1 : 0;
            if (ours.HasErrors || tree.HasErrors || FindOptionsTable(tree) is null)
            {
                continue; // a file one engine rejects, or without [storage.options], is not an edit case
            }

            editable++;
            var oursOut = TomlEditor.SetStringArray(ours, ["storage", "options"], "additionalimagestores", s_newStores).Document?.ToUtf8Bytes();
            var tomlynOut = TomlynEdit(tree);
            oursValid += HasNewStores(oursOut) ? 1 : 0;
            tomlynValid += HasNewStores(tomlynOut) ? 1 : 0;
            oursEdit += oursOut is not null && KeepsOtherBytes(bytes, oursOut) ? 1 : 0;
            tomlynEdit += tomlynOut is not null && KeepsOtherBytes(bytes, tomlynOut) ? 1 : 0;
        }

        Console.WriteLine($"round trip, byte-exact ({inputs.Count} storage.conf files: {storageFiles.Count} real + 1 generated): ours {oursTrip}/{inputs.Count}, Tomlyn syntax {tomlynTrip}/{inputs.Count}");
        Console.WriteLine($"set [storage.options] additionalimagestores ({editable} files both parse, with that table):");
        Console.WriteLine($"  result parses (our engine) with exactly the new list: ours {oursValid}/{editable}, Tomlyn syntax {tomlynValid}/{editable}");
        Console.WriteLine($"  every byte outside that key's statement kept:       ours {oursEdit}/{editable}, Tomlyn syntax {tomlynEdit}/{editable}");
    }

    private static TableSyntax? FindOptionsTable(DocumentSyntax tree) =>
        tree.Tables.OfType<TableSyntax>().FirstOrDefault(t => t.Name?.ToString().Trim() == "storage.options");

    /// <summary>The edit the Tomlyn syntax tree offers: replace the key's value node, or append a key/value to the
    /// table when the key is absent.</summary>
    private static byte[]? TomlynEdit(DocumentSyntax tree)
    {
        var table = FindOptionsTable(tree)!;
        var existing = table.Items.OfType<KeyValueSyntax>().FirstOrDefault(kv => kv.Key?.ToString().Trim() == "additionalimagestores");
        try
        {
            if (existing is not null)
            {
                existing.Value = new ArraySyntax(s_newStores);
            }
            else
            {
                table.Items.Add(new KeyValueSyntax("additionalimagestores", new ArraySyntax(s_newStores)));
            }

            return Encoding.UTF8.GetBytes(tree.ToString());
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static bool HasNewStores(byte[]? output)
    {
        if (output is null || TomlDocument.Parse(output) is not { HasErrors: false } parsed)
        {
            return false;
        }

        return parsed.Root.TryGetValue("storage", out var storage) && storage is TomlTable s
            && s.TryGetValue("options", out var options) && options is TomlTable o
            && o.TryGetValue("additionalimagestores", out var value) && value is TomlArray array
            && array.Select(v => (v as TomlString)?.Value).SequenceEqual(s_newStores);
    }

    /// <summary>True when the output minus its <c>additionalimagestores = …</c> statement is byte for byte the input
    /// minus its statement (absent statements are empty).</summary>
    private static bool KeepsOtherBytes(byte[] input, byte[] output) =>
        WithoutStatement(Encoding.UTF8.GetString(input)) == WithoutStatement(Encoding.UTF8.GetString(output));

    /// <summary>Removes the first uncommented <c>additionalimagestores =</c> line through the line that closes its
    /// array (brackets counted outside strings and comments).</summary>
    private static string WithoutStatement(string text)
    {
        var lines = text.Split('\n').ToList();
        var start = lines.FindIndex(l => l.TrimStart().StartsWith("additionalimagestores", StringComparison.Ordinal)
            && l.TrimStart()["additionalimagestores".Length..].TrimStart().StartsWith('='));
        if (start < 0)
        {
            return text;
        }

        var depth = 0;
        var end = start;
        for (; end < lines.Count; end++)
        {
            depth += BracketBalance(lines[end]);
            if (depth <= 0)
            {
                break;
            }
        }

        lines.RemoveRange(start, Math.Min(end, lines.Count - 1) - start + 1);
        return string.Join('\n', lines);
    }

    private static int BracketBalance(string line)
    {
        var (balance, quote) = (0, '\0');
        foreach (var c in line)
        {
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#')
            {
                break;
            }
            else
            {
                balance += c == '[' ? 1 : c == ']' ? -1 : 0;
            }
        }

        return balance;
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static List<string> WriteTemp(List<byte[]> inputs) =>
        inputs.Select(bytes =>
        {
            var path = Path.GetTempFileName();
            File.WriteAllBytes(path, bytes);
            return path;
        }).ToList();

    /// <summary><c>shared</c> beside the repository or above it (NSA_SHARED_DIR overrides).</summary>
    private static string SharedDir()
    {
        if (Environment.GetEnvironmentVariable("NSA_SHARED_DIR") is { Length: > 0 } shared)
        {
            return shared;
        }

        for (var dir = new DirectoryInfo(BenchNode.RepoRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "toml-test")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("no shared/toml-test beside or above the repository (set NSA_SHARED_DIR)");
    }

    private static string Python(string script, string[] args)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException("python3 failed: " + error);
    }

    private static string Python(string script) => Python(script, []);
}
