namespace NodeStorageAgent.IntegrationTests.Support;

/// <summary>
/// Gates integration tests on the real components they drive. Under <c>NSA_REQUIRE_INTEGRATION=1</c> (set by
/// <c>.ci/run</c>) a missing prerequisite FAILS the test; only on a developer machine without that variable does it
/// skip, naming what is missing.
/// </summary>
public static class Prerequisites
{
    public static bool Required => Environment.GetEnvironmentVariable("NSA_REQUIRE_INTEGRATION") == "1";

    public static bool IsRoot => Environment.UserName == "root" || GetEuid() == 0;

    public static void Require(bool available, string what)
    {
        if (available)
        {
            return;
        }

        if (Required)
        {
            Assert.Fail($"integration prerequisite missing: {what} (NSA_REQUIRE_INTEGRATION=1; run scripts/install-test-deps.sh)");
        }

        Assert.Skip($"integration prerequisite missing: {what}");
    }

    public static void RequireRoot() => Require(IsRoot, "root (FUSE mounts, setpriv, mount namespaces)");

    public static void RequireCommand(string command) => Require(FindOnPath(command) is not null, $"command '{command}' on PATH");

    public static void RequireFuse()
    {
        RequireRoot();
        Require(File.Exists("/dev/fuse"), "/dev/fuse");
        RequireCommand("bindfs");
        RequireCommand("fusermount3");
    }

    public static string? FindOnPath(string command)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, command);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEuid();
}
