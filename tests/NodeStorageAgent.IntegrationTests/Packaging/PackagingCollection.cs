namespace NodeStorageAgent.IntegrationTests.Packaging;

/// <summary>All packaging test classes share one <see cref="PackagingFixture"/> (one publish + rpmbuild per run).</summary>
[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<PackagingFixture>
{
    public const string Name = "packaging";
}
