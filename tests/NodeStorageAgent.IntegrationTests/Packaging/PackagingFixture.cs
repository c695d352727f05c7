namespace NodeStorageAgent.IntegrationTests.Packaging;

/// <summary>Publishes and packages once for all packaging tests (the expensive part: ~30–60 s), lazily, so a test
/// whose prerequisites are missing skips or fails on its own gate instead of in the fixture.</summary>
public sealed class PackagingFixture : IDisposable
{
    private readonly Lazy<PackageBuild> _build = new(PackageBuild.Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public PackageBuild Build
    {
        get
        {
            PackageBuild.RequireTools();
            return _build.Value;
        }
    }

    public void Dispose()
    {
        if (_build.IsValueCreated)
        {
            _build.Value.Dispose();
        }
    }
}
