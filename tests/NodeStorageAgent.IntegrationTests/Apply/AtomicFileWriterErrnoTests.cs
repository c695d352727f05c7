using System.Diagnostics;
using System.Text;
using NodeStorageAgent.Apply;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.AtomicFiles;

namespace NodeStorageAgent.IntegrationTests.Apply;

/// <summary>Real kernel failures (full disk, read-only filesystem, permission denied, another filesystem), on small
/// tmpfs mounts made for the test: the old file must stay intact and the errno must be reported.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AtomicFileWriterErrnoTests
{
    private readonly AtomicFileWriter _writer = new();

    [Fact]
    public void FullDiskReportsEnospcAndKeepsTheOldBytes()
    {
        Prerequisites.RequireRoot();
        using var mount = new ScratchMount("64k");
        var target = Path.Combine(mount.Path, "storage.conf");
        File.WriteAllText(target, "old\n");

        var result = _writer.Write(target, new byte[512 * 1024]);

        Assert.Equal(FileWriteStatus.Failed, result.Status);
        Assert.Equal("ENOSPC", result.Diagnostic!.Errno);
        Assert.Equal(ApplyDiagnostics.WriteFailed, result.Diagnostic.Code);
        Assert.Equal("old\n", File.ReadAllText(target));
        Assert.Equal(["storage.conf"], Directory.GetFileSystemEntries(mount.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void ReadOnlyFilesystemReportsErofs()
    {
        Prerequisites.RequireRoot();
        using var mount = new ScratchMount();
        var target = Path.Combine(mount.Path, "storage.conf");
        File.WriteAllText(target, "old\n");
        mount.RemountReadOnly();

        var result = _writer.Write(target, "new\n"u8);

        Assert.Equal("EROFS", result.Diagnostic!.Errno);
        Assert.Equal("old\n", File.ReadAllText(target));
    }

    [Fact]
    public void StagingOnAnotherFilesystemIsRefused()
    {
        Prerequisites.RequireRoot();
        using var mount = new ScratchMount();
        var staging = Directory.CreateTempSubdirectory("nsa-staging-").FullName;
        try
        {
            var target = Path.Combine(mount.Path, "99-nsa.conf");
            File.WriteAllText(target, "old\n");

            var result = _writer.Write(target, "new\n"u8, new AtomicWriteOptions { StagingDirectory = staging });

            Assert.Equal(ApplyDiagnostics.StagingOtherFilesystem, result.Diagnostic!.Code);
            Assert.Contains("another filesystem", result.Diagnostic.Message);
            Assert.Equal("old\n", File.ReadAllText(target));
            Assert.Empty(Directory.GetFileSystemEntries(staging));
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    [Fact]
    public void OwnerIsKeptAndNewFilesBelongToTheAgent()
    {
        Prerequisites.RequireRoot();
        using var mount = new ScratchMount();
        var target = Path.Combine(mount.Path, "storage.conf");
        File.WriteAllText(target, "old\n");
        ScratchMount.Run("chown", "1234:5678", target);

        Assert.Equal(FileWriteStatus.Written, _writer.Write(target, "new\n"u8).Status);
        Assert.Equal(FileWriteStatus.Written, _writer.Write(Path.Combine(mount.Path, "fresh"), "x"u8).Status);

        Assert.Null(PosixFileSystem.Lstat(target, out var kept));
        Assert.Equal((1234u, 5678u), (kept.Uid, kept.Gid));
        Assert.Null(PosixFileSystem.Lstat(Path.Combine(mount.Path, "fresh"), out var fresh));
        Assert.Equal((0u, 0u, 0x1A4u), (fresh.Uid, fresh.Gid, fresh.Permissions));
    }

    [Fact]
    public void NonRootWriterGetsEaccesAndTheFileIsUntouched()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("setpriv");
        using var mount = new ScratchMount();
        var target = Path.Combine(mount.Path, "storage.conf");
        File.WriteAllText(target, "old\n");

        var (exitCode, output) = RunChildAsNobody("write", target, "new\n");

        Assert.Equal(1, exitCode);
        Assert.Equal("Failed NSA4006 EACCES", output.Trim());
        Assert.Equal("old\n", File.ReadAllText(target));
        Assert.Equal(["storage.conf"], Directory.GetFileSystemEntries(mount.Path).Select(Path.GetFileName));
    }

    private static (int ExitCode, string Output) RunChildAsNobody(params string[] args)
    {
        var info = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", ChildProcess.Executable, ApplyChild.Flag, .. args])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["HOME"] = "/tmp";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), "child did not exit");
        return (process.ExitCode, output + error);
    }
}
