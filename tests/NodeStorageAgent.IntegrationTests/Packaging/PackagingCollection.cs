namespace NodeStorageAgent.IntegrationTests.Packaging;

/// <summary>All packaging test classes share one <see cref="PackagingFixture"/> (one publish + rpmbuild per run).</summary>
[CollectionDefinition(Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "an xunit collection definition: the suffix is xunit's vocabulary")]
public sealed class PackagingCollection : ICollectionFixture<PackagingFixture>
{
    public const string Name = "packaging";
}
