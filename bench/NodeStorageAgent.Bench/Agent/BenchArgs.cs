using System.Globalization;

namespace NodeStorageAgent.Bench.Agent;

/// <summary><c>--quick</c> and <c>--name value</c> pairs after the benchmark's name.</summary>
internal sealed class BenchArgs(string[] args)
{
    public bool Quick => args.Contains("--quick");

    public int Int(string name, int full, int quick) =>
        Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : Quick ? quick : full;

    public TimeSpan Seconds(string name, double full, double quick) =>
        TimeSpan.FromSeconds(Value(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : Quick ? quick : full);

    public string? Value(string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
