using System.Text;
using NodeStorageAgent.DesiredState;

namespace NodeStorageAgent.Tests.DesiredState;

public sealed class DesiredStateParserTests
{
    private static DesiredStateLoadResult Parse(string toml) =>
        DesiredStateParser.Parse(Encoding.UTF8.GetBytes(toml), "desired-state.toml", ContainerStorageRoots.Default);

    [Fact]
    public void IssueExample_ParsesToAllThreeListsAndAction()
    {
        var result = Parse("""
            [[additionalLayerStores]]
            path = "/var/lib/stargz-store/store"
            [[additionalImageStores]]
            path = "/mnt/nfs-images"
            [[additionalImageStores]]
            path = "/mnt/ssd-images"
            [[additionalArtifactStores]]
            path = "/mnt/ssd-artifacts"
            [apply]
            action = "reboot"   # restart (default) | reboot | none
            """);

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        var spec = result.Spec!;
        Assert.Equal(["/var/lib/stargz-store/store"], spec.LayerStores.Select(s => s.Path));
        Assert.Equal(["/mnt/nfs-images", "/mnt/ssd-images"], spec.ImageStores.Select(s => s.Path));
        Assert.Equal(["/mnt/ssd-artifacts"], spec.ArtifactStores.Select(s => s.Path));
        Assert.All(spec.ImageStores, s => Assert.Equal(StoreKind.Image, s.Kind));
        Assert.Equal(ApplyAction.Reboot, spec.Action);
    }

    [Fact]
    public void InlineArrayForm_IsTheSameAsArrayOfTables()
    {
        var result = Parse("additionalImageStores = [{ path = \"/mnt/a\" }, { path = \"/mnt/b\" }]\n");
        Assert.True(result.IsValid);
        Assert.Equal(["/mnt/a", "/mnt/b"], result.Spec!.ImageStores.Select(s => s.Path));
        Assert.Equal(ApplyAction.Restart, result.Spec.Action);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("# nothing desired yet\n")]
    [InlineData("[apply]\naction = \"none\"\n")]
    public void EmptyDocument_MeansNoAdditionalStores(string toml)
    {
        var result = Parse(toml);
        Assert.True(result.IsValid);
        Assert.True(result.Spec!.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(InvalidDesiredStateCases.All), MemberType = typeof(InvalidDesiredStateCases))]
    public void InvalidFile_IsRefusedWithCodeAndPosition(string name, string toml, string code, int line)
    {
        var result = Parse(toml);
        Assert.False(result.IsValid, name);
        var error = result.Diagnostics.First(d => d.IsError);
        Assert.True(error.Code == code, $"{name}: expected {code}, got {error}");
        Assert.Equal("desired-state.toml", error.File);
        if (line > 0)
        {
            Assert.True(error.Line == line, $"{name}: expected line {line}, got {error}");
        }

        Assert.True(error.Line > 0 && error.Column > 0, $"{name}: no position in {error}");
    }

    [Fact]
    public void InvalidUtf8_IsASyntaxErrorWithPosition()
    {
        byte[] bytes = [.. "[[additionalImageStores]]\npath = \"/mnt/"u8, 0xFF, 0xFE, .. "\"\n"u8];
        var result = DesiredStateParser.Parse(bytes, "d.toml", ContainerStorageRoots.Default);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(DesiredStateCodes.TomlSyntax, error.Code);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void InvalidCaseTable_HasAtLeastFortyFiles() => Assert.True(InvalidDesiredStateCases.All.Count >= 40);

    [Fact]
    public void EveryErrorIsReported_NotOnlyTheFirst()
    {
        var result = Parse("""
            [[additionalImageStores]]
            path = "/proc/x"
            [[additionalLayerStores]]
            path = "/mnt/a b"
            bogus = 1
            """);
        Assert.Equal(3, result.Diagnostics.Count(d => d.IsError));
    }
}
