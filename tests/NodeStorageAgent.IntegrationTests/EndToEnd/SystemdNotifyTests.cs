using NodeStorageAgent.IntegrationTests.Support;

namespace NodeStorageAgent.IntegrationTests.EndToEnd;

/// <summary>The agent's sd_notify conversation with a fake systemd (a datagram socket this test binds).</summary>
public sealed class SystemdNotifyTests
{
    [Fact]
    public void Run_WithNotifySocket_SendsReadyThenStatusAndWatchdogThenStopping()
    {
        using var sandbox = new AgentSandbox();
        using var notify = new NotifySocketListener(Path.Combine(sandbox.Root, "notify.sock"));
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a")]));
        var agent = sandbox.StartRun(environment: new Dictionary<string, string?>
        {
            ["NOTIFY_SOCKET"] = notify.Path,
            ["WATCHDOG_USEC"] = "400000",
            ["WATCHDOG_PID"] = null,
        });

        sandbox.WaitUntil(() => notify.Messages.Any(IsReady), TimeSpan.FromSeconds(20), "READY=1");
        sandbox.WaitForSettled(generation: 1, restarts: 1);
        sandbox.WriteDesired(AgentSandbox.Desired(images: [sandbox.ImageStore("/mnt/img-a"), sandbox.ImageStore("/mnt/img-b")]));
        sandbox.WaitForSettled(generation: 2, restarts: 2);
        sandbox.WaitUntil(() => AfterReady(notify.Messages).Any(m => m.StartsWith("STATUS=", StringComparison.Ordinal) && m.Contains("generation 2", StringComparison.Ordinal))
            && AfterReady(notify.Messages).Count(m => m == "WATCHDOG=1") >= 3,
            TimeSpan.FromSeconds(10), "a STATUS= update for generation 2 and three WATCHDOG=1 pings after READY");

        var (code, _) = agent.Terminate(TimeSpan.FromSeconds(10));
        var messages = notify.Messages;
        var describe = string.Join(" | ", messages.Select(m => m.Replace('\n', ' ')));
        Assert.True(code == 0, $"exit {code}\n{agent.Output}");

        var ready = messages.Single(IsReady);
        Assert.Contains("\nSTATUS=", ready, StringComparison.Ordinal);
        Assert.Contains("generation 1 applied", ready, StringComparison.Ordinal);
        var readyAt = messages.ToList().IndexOf(ready);
        Assert.True(messages.Take(readyAt).All(m => m != "WATCHDOG=1" && !m.Contains("STOPPING=1", StringComparison.Ordinal)),
            $"no WATCHDOG=1 or STOPPING=1 before READY=1: {describe}");
        Assert.True(messages[^1] == "STOPPING=1", $"STOPPING=1 must be the last message: {describe}");
        Assert.Single(messages, m => m.Contains("STOPPING=1", StringComparison.Ordinal));

        // Child processes (systemctl here) must not inherit the notify or watchdog variables (they could speak for us).
        var childEnvironment = sandbox.LastSystemctlEnvironment();
        Assert.NotEmpty(childEnvironment);
        Assert.DoesNotContain(childEnvironment, line => line.StartsWith("NOTIFY_SOCKET=", StringComparison.Ordinal)
            || line.StartsWith("WATCHDOG_USEC=", StringComparison.Ordinal) || line.StartsWith("WATCHDOG_PID=", StringComparison.Ordinal));
    }

    private static bool IsReady(string message) => message.Split('\n').Contains("READY=1");

    private static List<string> AfterReady(IReadOnlyList<string> messages) => messages.SkipWhile(m => !IsReady(m)).Skip(1).ToList();
}
