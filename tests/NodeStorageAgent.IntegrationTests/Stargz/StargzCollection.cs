namespace NodeStorageAgent.IntegrationTests.Stargz;

/// <summary>The lazy-pulling test classes share one registry and image set and run one after another (each runs
/// a FUSE daemon, podman and a 256 MiB pull; in parallel they would only compete for the two cores).</summary>
[CollectionDefinition(Name)]
public sealed class StargzCollection : ICollectionFixture<StargzImages>
{
    public const string Name = "stargz";
}
