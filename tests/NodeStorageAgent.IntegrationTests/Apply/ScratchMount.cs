using System.Diagnostics;

namespace NodeStorageAgent.IntegrationTests.Apply;

/// <summary>A small tmpfs mounted on a fresh temp directory; unmounted (lazily if busy) and removed on dispose.</summary>
internal sealed class ScratchMount : IDisposable
{
    public ScratchMount(string size = "256k")
    {
        Path = Directory.CreateTempSubdirectory("nsa-mnt-").FullName;
        Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=0755", "nsa-test", Path);
    }

    public string Path { get; }

    public void RemountReadOnly() => Run("mount", "-o", "remount,ro", Path);

    public void Dispose()
    {
        if (Exec("umount", Path) != 0)
        {
            Exec("umount", "-l", Path);
        }

        Directory.Delete(Path, recursive: true);
    }

    public static void Run(params string[] command)
    {
        var rc = Exec(command);
        Assert.True(rc == 0, $"`{string.Join(' ', command)}` exited with {rc}");
    }

    private static int Exec(params string[] command)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardError = true };
        foreach (var argument in command[1..])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }
}
