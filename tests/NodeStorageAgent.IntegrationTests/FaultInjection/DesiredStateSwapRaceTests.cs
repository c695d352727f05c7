using System.Diagnostics;
using Mono.Unix.Native;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.IntegrationTests.Support;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.IntegrationTests.FaultInjection;

/// <summary>
/// A non-root user who owns a directory on the desired-state file's way swaps the admin's file with their own, as
/// fast as the kernel lets them (<c>renameat2(RENAME_EXCHANGE)</c>), while the agent loads it. Checking by path and
/// then reading by path again let /mnt/evil through; the loader must never return it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DesiredStateSwapRaceTests : IDisposable
{
    private const uint Attacker = 65534;
    private static readonly TimeSpan s_raceDuration = TimeSpan.FromSeconds(4);

    private readonly string _root = Directory.CreateTempSubdirectory("nsa-race-").FullName;

    // The attacker's loop: swap the two names until the stop file appears, bounded at 60 s whatever happens.
    private const string SwapScript = """
        import ctypes, os, sys, time
        libc = ctypes.CDLL(None, use_errno=True)
        AT_FDCWD, RENAME_EXCHANGE = -100, 2
        os.chdir(sys.argv[1])
        deadline = time.monotonic() + 60
        swaps = 0
        while not os.path.exists("stop") and time.monotonic() < deadline:
            if libc.renameat2(AT_FDCWD, b"desired.toml", AT_FDCWD, b"evil.toml", RENAME_EXCHANGE) != 0:
                sys.exit("renameat2: " + os.strerror(ctypes.get_errno()))
            swaps += 1
        print(swaps)
        """;

    [Fact]
    public void SwappingFilesInAUserOwnedDirectory_NeverGetsTheirStoreLoaded()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("setpriv");
        Prerequisites.Require(File.Exists("/usr/bin/python3"), "/usr/bin/python3 (Debian python3; the attacker runs as an unprivileged user)");

        var root = new NodeRoot(_root);
        File.SetUnixFileMode(_root, (UnixFileMode)0b111_101_101);
        var home = Path.Combine(_root, "home", "attacker");
        Directory.CreateDirectory(home);
        Assert.Equal(0, Syscall.chown(home, Attacker, Attacker));

        // The admin's file (root-owned) lives in the user's directory; the node's desired state points at it.
        File.WriteAllText(Path.Combine(home, "desired.toml"), "[[additionalImageStores]]\npath = \"/mnt/good\"\n");
        var evil = Path.Combine(home, "evil.toml");
        File.WriteAllText(evil, "[[additionalImageStores]]\npath = \"/mnt/evil\"\n");
        Assert.Equal(0, Syscall.chown(evil, Attacker, Attacker));
        var desired = root.Resolve(NodePaths.DesiredState);
        Directory.CreateDirectory(Path.GetDirectoryName(desired)!);
        File.CreateSymbolicLink(desired, "../../home/attacker/desired.toml");

        var script = Path.Combine(_root, "swap.py");
        File.WriteAllText(script, SwapScript);
        var start = new ProcessStartInfo("setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { $"--reuid={Attacker}", $"--regid={Attacker}", "--clear-groups", "--", "/usr/bin/python3", script, home },
        };
        using var swapper = Process.Start(start)!;
        try
        {
            var loader = DesiredStateLoader.For(root);
            var clock = Stopwatch.StartNew();
            var loads = 0;
            var codes = new HashSet<string>();
            while (clock.Elapsed < s_raceDuration)
            {
                var result = loader.Load(NodePaths.DesiredState, ContainerStorageRoots.Default);
                loads++;
                Assert.False(result.Spec?.ImageStores.Any(s => s.Path == "/mnt/evil") == true, $"load {loads} returned /mnt/evil");
                codes.UnionWith(result.Diagnostics.Where(d => d.IsError).Select(d => d.Code));
                Assert.False(result.IsValid, $"load {loads}: a file in a directory uid {Attacker} can rename in was trusted");
            }

            Assert.Equal([DesiredStateCodes.FileDirectoryUntrusted], codes);
        }
        finally
        {
            File.WriteAllText(Path.Combine(home, "stop"), "");
            if (!swapper.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                swapper.Kill();
            }

            swapper.WaitForExit();
        }

        Assert.True(swapper.ExitCode == 0, swapper.StandardError.ReadToEnd());
        Assert.True(int.Parse(swapper.StandardOutput.ReadToEnd().Trim(), System.Globalization.CultureInfo.InvariantCulture) > 1000, "the attacker swapped fewer than 1000 times");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
