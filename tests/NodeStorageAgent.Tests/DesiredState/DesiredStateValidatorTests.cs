using NodeStorageAgent.DesiredState;

namespace NodeStorageAgent.Tests.DesiredState;

public sealed class DesiredStateValidatorTests
{
    private static readonly ContainerStorageRoots s_roots = ContainerStorageRoots.Default;

    private static IReadOnlyList<string> Codes(params StoreEntry[] entries) =>
        DesiredStateValidator.Validate(entries, s_roots, "d.toml").Select(d => d.Code).ToList();

    private static StoreEntry Image(string? path) => new(StoreKind.Image, path, 3, 8);

    [Theory]
    [InlineData("/mnt/nfs-images")]
    [InlineData("/var/lib/stargz-store/store")]
    [InlineData("/a")]
    [InlineData("/mnt/a_b-c.d/e")]
    [InlineData("/mnt/trailing/")]
    public void ValidPaths_HaveNoDiagnostics(string path) => Assert.Empty(Codes(Image(path)));

    [Theory]
    [InlineData(null, DesiredStateCodes.PathRequired, "Required value")]
    [InlineData("", DesiredStateCodes.PathEmpty, "path in body should be at least 1 chars long")]
    [InlineData("relative/path", DesiredStateCodes.PathPattern, "path must be absolute and contain only alphanumeric characters, '/', '.', '_', and '-'")]
    [InlineData("/", DesiredStateCodes.PathPattern, "path must be absolute")]
    [InlineData("/mnt/with space", DesiredStateCodes.PathPattern, "a space at offset 9")]
    [InlineData("/mnt/a:ref", DesiredStateCodes.PathPattern, "':'")]
    [InlineData("/mnt/a,b", DesiredStateCodes.PathPattern, "','")]
    [InlineData("/mnt/a\nb", DesiredStateCodes.PathPattern, "a newline")]
    [InlineData("/mnt/a\0b", DesiredStateCodes.PathPattern, "NUL")]
    [InlineData("/mnt/\"q\"", DesiredStateCodes.PathPattern, "'\"'")]
    [InlineData("/mnt//a", DesiredStateCodes.PathDoubleSlash, "path must not contain consecutive forward slashes")]
    [InlineData("/mnt/../etc", DesiredStateCodes.PathDotSegment, "'..'")]
    [InlineData("/mnt/./a", DesiredStateCodes.PathDotSegment, "'.'")]
    [InlineData("/..", DesiredStateCodes.PathDotSegment, "'..'")]
    [InlineData("/proc", DesiredStateCodes.PathForbiddenLocation, "/proc")]
    [InlineData("/proc/self/root", DesiredStateCodes.PathForbiddenLocation, "/proc")]
    [InlineData("/sys/fs", DesiredStateCodes.PathForbiddenLocation, "/sys")]
    [InlineData("/dev/shm/x", DesiredStateCodes.PathForbiddenLocation, "/dev")]
    [InlineData("/run/containers/storage2", DesiredStateCodes.PathForbiddenLocation, "/run/containers")]
    [InlineData("/var/lib/containers/storage", DesiredStateCodes.PathOverlapsContainerStorage, "graphroot")]
    [InlineData("/var/lib/containers/storage/overlay", DesiredStateCodes.PathOverlapsContainerStorage, "graphroot")]
    [InlineData("/var/lib/containers", DesiredStateCodes.PathOverlapsContainerStorage, "graphroot")]
    [InlineData("/var", DesiredStateCodes.PathOverlapsContainerStorage, "graphroot")]
    public void InvalidPath_IsRejectedWithApiWording(string? path, string code, string wording)
    {
        var diagnostics = DesiredStateValidator.Validate([Image(path)], s_roots, "d.toml");
        var error = Assert.Single(diagnostics);
        Assert.Equal(code, error.Code);
        Assert.Contains(wording, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("additionalImageStores.path: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(("d.toml", 3, 8), (error.File, error.Line, error.Column));
    }

    [Fact]
    public void PathOf257Bytes_IsTooLong_256IsFine()
    {
        var ok = "/" + new string('a', 255);
        var tooLong = "/" + new string('a', 256);
        Assert.Empty(Codes(Image(ok)));
        var error = Assert.Single(DesiredStateValidator.Validate([Image(tooLong)], s_roots, null));
        Assert.Contains("Too long: may not be more than 256 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LengthIsCountedInUtf8Bytes()
    {
        // 128 two-byte characters: 129 chars but 257 bytes. Rejected by length and by pattern.
        var path = "/" + new string('é', 128);
        Assert.Contains(DesiredStateCodes.PathTooLong, Codes(Image(path)));
    }

    [Theory]
    [InlineData(StoreKind.Layer, 5)]
    [InlineData(StoreKind.Image, 10)]
    [InlineData(StoreKind.Artifact, 10)]
    public void ListLimits_FollowTheApi(StoreKind kind, int max)
    {
        var atLimit = Enumerable.Range(0, max).Select(i => new StoreEntry(kind, $"/mnt/s{i}", i + 1, 1)).ToArray();
        Assert.Empty(Codes(atLimit));

        var over = atLimit.Append(new StoreEntry(kind, "/mnt/extra", 99, 1)).ToArray();
        var error = Assert.Single(DesiredStateValidator.Validate(over, s_roots, null));
        Assert.Equal(DesiredStateCodes.TooManyItems, error.Code);
        Assert.Contains($"Too many: {max + 1}: must have at most {max} items", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicates_AreExactStringMatches_PerList()
    {
        var diagnostics = DesiredStateValidator.Validate(
            [
                new StoreEntry(StoreKind.Layer, "/mnt/a", 1, 1),
                new StoreEntry(StoreKind.Layer, "/mnt/a", 2, 1),
                new StoreEntry(StoreKind.Layer, "/mnt/a/", 3, 1),  // distinct for the API (no normalisation)
                new StoreEntry(StoreKind.Image, "/mnt/a", 4, 1),   // other list: allowed
            ],
            s_roots,
            null);
        var error = Assert.Single(diagnostics);
        Assert.Equal("additionalLayerStores must not contain duplicate paths: /mnt/a", error.Message);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void CustomGraphRoot_IsHonoured()
    {
        var roots = new ContainerStorageRoots("/data/containers", "/run/ctr");
        Assert.Single(DesiredStateValidator.Validate([Image("/data/containers/x")], roots, null));
        Assert.Single(DesiredStateValidator.Validate([Image("/run/ctr")], roots, null));
        Assert.Empty(DesiredStateValidator.Validate([Image("/var/lib/containers/storage")], roots, null));
    }
}
