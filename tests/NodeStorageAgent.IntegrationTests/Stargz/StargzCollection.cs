namespace NodeStorageAgent.IntegrationTests.Stargz;

/// <summary>The lazy-pulling test classes share one registry and image set and run one after another (each runs
/// a FUSE daemon, podman and a 256 MiB pull; in parallel they would only compete for the two cores).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "an xunit collection definition: the suffix is xunit's vocabulary")]
[CollectionDefinition(Name)]
public sealed class StargzCollection : ICollectionFixture<StargzImages>
{
    public const string Name = "stargz";
}
