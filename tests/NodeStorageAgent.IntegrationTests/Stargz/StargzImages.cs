namespace NodeStorageAgent.IntegrationTests.Stargz;

/// <summary>
/// Shared by the lazy-pulling tests: one loopback registry (behind its counting proxy) holding the eStargz test
/// images, built and pushed once, on first use (so a missing prerequisite fails or skips the test, not the fixture).
/// </summary>
public sealed class StargzImages : IDisposable
{
    /// <summary>The "model": a few hundred MiB of incompressible data; 256 MiB builds and pushes in about 10 s.</summary>
    public const int LargeMegabytes = 256;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"nsa-stargz-{Environment.ProcessId}");
    private readonly Lazy<Built> _built;

    public StargzImages() => _built = new Lazy<Built>(Build);

    internal LoopbackRegistry Registry => _built.Value.Registry;

    internal EstargzImage Large => _built.Value.Large;

    /// <summary>Small images, each pulled by one test only (a pull is a node's first sight of an image).</summary>
    internal EstargzImage Small(int index) => _built.Value.Small[index];

    private sealed record Built(LoopbackRegistry Registry, EstargzImage Large, IReadOnlyList<EstargzImage> Small);

    private Built Build()
    {
        StargzTools.Require();
        var registry = new LoopbackRegistry(_dir);
        try
        {
            var small = Enumerable.Range(0, 8).Select(i => EstargzImage.Small(registry, $"small{i}", $"hello from small{i}\n")).ToList();
            return new Built(registry, EstargzImage.Large(registry, "large", LargeMegabytes), small);
        }
        catch
        {
            registry.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_built.IsValueCreated)
        {
            _built.Value.Registry.Dispose();
        }

        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
