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
    [InlineData("/mnt/.hidden/..dots")]
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
    [InlineData("/mnt/a/.", DesiredStateCodes.PathDotSegment, "'.'")]
    [InlineData("/mnt/trailing/", DesiredStateCodes.PathTrailingSlash, "path \"/mnt/trailing/\" must not have a trailing slash")]
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

    [Theory]
    [InlineData(StoreKind.Layer)]
    [InlineData(StoreKind.Image)]
    [InlineData(StoreKind.Artifact)]
    public void EveryKind_RefusesWhatCrioRefusesInArtifactStores(StoreKind kind)
    {
        // CRI-O refuses to start on these in additional_artifact_stores (cri-o/cri-o#10254); we refuse them for every
        // kind, so one directory has one spelling everywhere.
        foreach (var path in new[] { "/mnt/a/", "/mnt/../a", "/mnt/./a", "/mnt//a", "/" + new string('a', 256), "/mnt/a b" })
        {
            var diagnostics = DesiredStateValidator.Validate([new StoreEntry(kind, path, 7, 9)], s_roots, "d.toml");
            var error = Assert.Single(diagnostics, d => d.IsError);
            Assert.Equal(("d.toml", 7, 9), (error.File, error.Line, error.Column));
        }
    }

    [Fact]
    public void Duplicates_WithinOneList_AreErrors_AlsoWhenSpelledDifferently()
    {
        var diagnostics = DesiredStateValidator.Validate(
            [
                new StoreEntry(StoreKind.Layer, "/mnt/a", 1, 1),
                new StoreEntry(StoreKind.Layer, "/mnt/a", 2, 1),
                new StoreEntry(StoreKind.Layer, "/mnt/a/", 3, 1),  // a second spelling of the same directory
            ],
            s_roots,
            null);
        var duplicates = diagnostics.Where(d => d.Code == DesiredStateCodes.DuplicatePath).ToList();
        Assert.Equal([2, 3], duplicates.Select(d => d.Line));
        Assert.Equal("additionalLayerStores must not contain duplicate paths: /mnt/a", duplicates[0].Message);
    }

    [Theory]
    [InlineData(StoreKind.Layer, StoreKind.Image, "AdditionalLayerStores and AdditionalImageStores")]
    [InlineData(StoreKind.Layer, StoreKind.Artifact, "AdditionalLayerStores and AdditionalArtifactStores")]
    [InlineData(StoreKind.Image, StoreKind.Artifact, "AdditionalImageStores and AdditionalArtifactStores")]
    public void OnePath_InTwoKinds_IsAnError_InTheMcoWording(StoreKind first, StoreKind second, string kinds)
    {
        var diagnostics = DesiredStateValidator.Validate(
            [new StoreEntry(first, "/mnt/a", 1, 1), new StoreEntry(second, "/mnt/a", 5, 7)], s_roots, "d.toml");
        var error = Assert.Single(diagnostics);
        Assert.Equal(DesiredStateCodes.PathInTwoKinds, error.Code);
        Assert.Equal($"path \"/mnt/a\" is used in both {kinds}", error.Message);
        Assert.Equal(("d.toml", 5, 7), (error.File, error.Line, error.Column));
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
