using System.Text;
using Mono.Unix.Native;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Tests.Apply;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Tests.DesiredState;

/// <summary>The loader on real files in a sandbox root: what is missing, untrusted or too big is an error, never "no stores".</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DesiredStateLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private NodeRoot Root => new(_dir.Path);

    private string DesiredHost => _dir.Path + NodePaths.DesiredState;

    private DesiredStateLoadResult Load(string nodePath = NodePaths.DesiredState) =>
        DesiredStateLoader.For(Root).Load(nodePath, ContainerStorageRoots.Default);

    private void WriteDesired(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DesiredHost)!);
        File.WriteAllText(DesiredHost, content);
    }

    [Fact]
    public void ExistingFileListingNothing_MeansNoStores()
    {
        WriteDesired("# no additional stores\n");
        var result = Load();
        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        Assert.True(result.Spec!.IsEmpty);
    }

    [Fact]
    public void AbsentFile_IsAnError_NotNoStores()
    {
        var result = Load();
        Assert.False(result.IsValid);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DesiredStateCodes.FileMissing, error.Code);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("last applied config stays", error.Message, StringComparison.Ordinal);
        Assert.Equal(NodePaths.DesiredState, error.File);
    }

    [Fact]
    public void DanglingSymlink_IsAnError_NamingTheTarget()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DesiredHost)!);
        File.CreateSymbolicLink(DesiredHost, "/srv/gone/desired.toml");
        var error = Assert.Single(Load().Diagnostics);
        Assert.Equal(DesiredStateCodes.FileMissing, error.Code);
        Assert.Contains("-> /srv/gone/desired.toml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AbsoluteSymlinkTarget_IsANodePath_ResolvedUnderTheRoot()
    {
        _dir.WriteFile("srv/desired.toml", "[[additionalImageStores]]\npath = \"/mnt/images\"\n");
        Directory.CreateDirectory(Path.GetDirectoryName(DesiredHost)!);
        File.CreateSymbolicLink(DesiredHost, "/srv/desired.toml");
        var result = Load();
        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        Assert.Equal(["/mnt/images"], result.Spec!.ImageStores.Select(s => s.Path));
    }

    [Fact]
    public void SymlinkToAProcFile_IsRefused_UnderTheRootAndOnTheHost()
    {
        // Under a sandbox root, /proc/self/environ is <root>/proc/self/environ: missing, so an error.
        Directory.CreateDirectory(Path.GetDirectoryName(DesiredHost)!);
        File.CreateSymbolicLink(DesiredHost, "/proc/self/environ");
        Assert.Equal(DesiredStateCodes.FileMissing, Assert.Single(Load().Diagnostics).Code);

        // On the host, the real procfs file: root-owned, mode 0400, a "regular file" to stat, and refused by fstatfs.
        var link = _dir.Combine("host-link.toml");
        File.CreateSymbolicLink(link, "/proc/self/status");
        var result = new DesiredStateLoader(NodeRoot.System, Syscall.geteuid(), checkDirectories: false).Load(link, ContainerStorageRoots.Default);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DesiredStateCodes.FileNotRegular, error.Code);
        Assert.Contains("procfs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GroupWritableDirectoryOnThePath_IsRefused()
    {
        WriteDesired("[[additionalImageStores]]\npath = \"/mnt/images\"\n");
        var directory = Path.GetDirectoryName(DesiredHost)!;
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_101);
        var error = Assert.Single(Load().Diagnostics);
        Assert.Equal(DesiredStateCodes.FileDirectoryUntrusted, error.Code);
        Assert.Contains("directory /etc/node-storage-agent on its path has mode 775", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WorldWritableDirectoryOnASymlinksWay_IsRefused()
    {
        _dir.WriteFile("srv/drop/desired.toml", "[[additionalImageStores]]\npath = \"/mnt/images\"\n");
        File.SetUnixFileMode(_dir.Combine("srv/drop"), (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit);
        Directory.CreateDirectory(Path.GetDirectoryName(DesiredHost)!);
        File.CreateSymbolicLink(DesiredHost, "../../srv/drop/desired.toml");
        var error = Assert.Single(Load().Diagnostics);
        Assert.Equal(DesiredStateCodes.FileDirectoryUntrusted, error.Code);
        Assert.Contains("/srv/drop", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RelativeDesiredPath_IsRefusedWithAMessage()
    {
        var error = Assert.Single(Load("desired.toml").Diagnostics);
        Assert.Equal(DesiredStateCodes.DesiredPathNotAbsolute, error.Code);
    }

    [Fact]
    public void OneMebibyteOfUnknownKeys_IsRefusedBySize_WithOneDiagnostic()
    {
        var toml = new StringBuilder();
        for (var i = 0; toml.Length < 1024 * 1024; i++)
        {
            toml.Append('k').Append(i).Append(" = 1\n");
        }

        WriteDesired(toml.ToString());
        var error = Assert.Single(Load().Diagnostics);
        Assert.Equal(DesiredStateCodes.FileTooLarge, error.Code);
    }

    [Fact]
    public void ThousandsOfUnknownKeysUnderTheSizeLimit_GiveABoundedNumberOfDiagnostics()
    {
        var toml = new StringBuilder();
        for (var i = 0; toml.Length < DesiredStateParser.MaxFileBytes - 64; i++)
        {
            toml.Append('k').Append(i).Append(" = 1\n");
        }

        WriteDesired(toml.ToString());
        var diagnostics = Load().Diagnostics;
        Assert.Equal(DesiredStateParser.MaxDiagnostics + 1, diagnostics.Count);
        Assert.Equal(DesiredStateCodes.TooManyDiagnostics, diagnostics[^1].Code);
        Assert.Matches(@"^\d{4,} more error\(s\) not shown", diagnostics[^1].Message);
    }

    [Fact]
    public void LongUnknownKey_IsShortenedInTheMessage()
    {
        WriteDesired(new string('k', 10_000) + " = 1\n");
        var error = Assert.Single(Load().Diagnostics);
        Assert.True(error.Message.Length < 300, error.Message);
    }

    public void Dispose() => _dir.Dispose();
}
