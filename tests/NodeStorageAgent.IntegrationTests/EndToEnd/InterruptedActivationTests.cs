using System.Diagnostics;
using NodeStorageAgent.IntegrationTests.Support;

namespace NodeStorageAgent.IntegrationTests.EndToEnd;

/// <summary>
/// Activations that fail, interrupted by kill -9 at random points, and rollbacks and uninstalls with an admin editing
/// storage.conf in between, all against the real binary and the systemctl stand-in (whose CRI-O fails to start while
/// storage.conf names a store with BROKEN in its path). Whatever the moment of the kill, the next agent run leaves
/// CRI-O running a configuration that worked; no admin byte is ever lost.
/// </summary>
public sealed class InterruptedActivationTests
{
    private const int Kills = 100;

    private static readonly string[] ApplyArgs = ["apply", "--once", "--crio-poll-interval", "10ms", "--crio-start-timeout", "5s", "--probe-timeout", "1s"];

    [Fact]
    public void KilledDuringAFailingActivation_TheNextRunLeavesCrioRunningAConfigThatWorked()
    {
        using var sandbox = new AgentSandbox();
        string[] args = [.. ApplyArgs, "--systemctl", sandbox.Systemctl];
        var good = AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")]);
        sandbox.WriteDesired(good);
        var first = sandbox.Cli(args);
        Assert.True(first.ExitCode == 0, first.ToString());
        var working = File.ReadAllText(sandbox.StorageConf);
        sandbox.SetCrioMode("config", sandbox.StorageConf);

        // How long a failing activation (restart, fail, roll back, restart) takes, to spread the kills over it.
        var sample = Stopwatch.StartNew();
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a"), sandbox.ImageStore("/mnt/BROKEN-sample")]));
        sandbox.Cli(args);
        var typical = sample.Elapsed;
        Assert.Equal(working, File.ReadAllText(sandbox.StorageConf));

        var random = new Random(20261201);
        var killedMidActivation = 0;
        for (var i = 0; i < Kills; i++)
        {
            // A new broken store each time: a configuration that failed once is held back, never tried again.
            sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a"), sandbox.ImageStore($"/mnt/BROKEN-{i}")]));
            var context = $"kill {i}";
            using (var agent = AgentProcess.Start(AgentSandbox.AgentBinary, [.. args, "--root", sandbox.Root], null, sandbox.Root))
            {
                agent.WaitForExit(typical * (0.1 + random.NextDouble()));
                agent.Kill();
            }

            if (File.ReadAllText(sandbox.StorageConf).Contains("BROKEN", StringComparison.Ordinal))
            {
                killedMidActivation++;
            }

            // The agent comes back (as systemd restarts it) and finishes what the killed one left.
            var resumed = sandbox.Cli(args);
            var storageConf = File.ReadAllText(sandbox.StorageConf);
            var crio = Settled(sandbox);
            Assert.True(crio == "active", $"{context}: CRI-O is {crio} after the next run\n{resumed}\n{sandbox.Describe()}");
            Assert.False(storageConf.Contains("BROKEN", StringComparison.Ordinal), $"{context}: CRI-O was left with the broken config:\n{storageConf}\n{resumed}");
            Assert.Equal(working, storageConf);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{Kills} kills, {killedMidActivation} with the broken config on disk (mid-activation)");
        Assert.True(killedMidActivation >= 10, $"only {killedMidActivation} of {Kills} kills landed while the broken config was on disk");
    }

    [Fact]
    public void RollbacksWithAdminEditsBetweenThem_KeepEveryAdminByte()
    {
        using var sandbox = new AgentSandbox();
        string[] args = [.. ApplyArgs, "--systemctl", sandbox.Systemctl];
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")]));
        Assert.Equal(0, sandbox.Cli(args).ExitCode);
        sandbox.SetCrioMode("config", sandbox.StorageConf);

        var adminLines = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var line = $"# admin edit {i}: keep me";
            AdminAppends(sandbox, line);
            adminLines.Add(line);
            sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a"), sandbox.ImageStore($"/mnt/BROKEN-{i}")]));
            sandbox.Cli(args); // fails to start, rolls back

            var text = File.ReadAllText(sandbox.StorageConf);
            Assert.DoesNotContain("BROKEN", text, StringComparison.Ordinal);
            Assert.Contains("\"/mnt/img-a\"", text, StringComparison.Ordinal);
            Assert.All(adminLines, l => Assert.Contains(l, text, StringComparison.Ordinal));
        }

        Assert.True(sandbox.Restarts >= 40, $"{sandbox.Restarts} restarts for 20 failed activations");
    }

    [Fact]
    public void UninstallAfterAdminEdits_RemovesOnlyOurEntries()
    {
        using var sandbox = new AgentSandbox();
        string[] args = [.. ApplyArgs, "--systemctl", sandbox.Systemctl];
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")], artifacts: [sandbox.ArtifactStore("/mnt/art-a")]));
        Assert.Equal(0, sandbox.Cli(args).ExitCode);
        AdminAppends(sandbox, "# the admin's own comment");
        var text = File.ReadAllText(sandbox.StorageConf).Replace("additionalimagestores = [", "additionalimagestores = [\"/mnt/admin\", ", StringComparison.Ordinal);
        File.WriteAllText(sandbox.StorageConf, text);

        var uninstall = sandbox.Cli("uninstall");

        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
        var after = File.ReadAllText(sandbox.StorageConf);
        Assert.Contains("# the admin's own comment", after, StringComparison.Ordinal);
        Assert.Contains("\"/mnt/admin\"", after, StringComparison.Ordinal);
        Assert.DoesNotContain("/mnt/img-a", after, StringComparison.Ordinal);
        Assert.False(File.Exists(sandbox.DropIn), "our drop-in stays after uninstall");
    }

    [Fact]
    public void UninstallWithoutAdminEdits_RestoresTheOriginalBytes()
    {
        using var sandbox = new AgentSandbox();
        string[] args = [.. ApplyArgs, "--systemctl", sandbox.Systemctl];
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")]));
        Assert.Equal(0, sandbox.Cli(args).ExitCode);
        Assert.NotEqual(sandbox.OriginalStorageConf, File.ReadAllBytes(sandbox.StorageConf));

        var uninstall = sandbox.Cli("uninstall");

        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
        Assert.Equal(sandbox.OriginalStorageConf, File.ReadAllBytes(sandbox.StorageConf));
    }

    /// <summary>
    /// CRI-O's state once a restart still queued by the killed agent has run: that agent's <c>systemctl restart</c>
    /// child may outlive it and land after the next run finished (systemd would then start CRI-O on the files as they
    /// are by then). Asked the way the agent asks, a bounded number of times.
    /// </summary>
    private static string Settled(AgentSandbox sandbox)
    {
        var state = "";
        for (var i = 0; i < 50; i++)
        {
            var run = Process.Start(new ProcessStartInfo(sandbox.Systemctl, ["show", "-p", "ActiveState", "-p", "InvocationID", "crio.service"]) { RedirectStandardOutput = true })!;
            state = run.StandardOutput.ReadToEnd().Split('\n').First(l => l.StartsWith("ActiveState=", StringComparison.Ordinal))["ActiveState=".Length..];
            run.WaitForExit();
            if (state is not ("activating" or "deactivating"))
            {
                return state;
            }
        }

        return state;
    }

    /// <summary>An admin's edit as an editor saves it: the whole file written to a temp file and renamed over.</summary>
    private static void AdminAppends(AgentSandbox sandbox, string line)
    {
        var temp = sandbox.StorageConf + ".admin";
        File.WriteAllText(temp, File.ReadAllText(sandbox.StorageConf) + line + "\n");
        File.Move(temp, sandbox.StorageConf, overwrite: true);
    }
}
