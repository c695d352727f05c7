using NodeStorageAgent.Logging;
using NodeStorageAgent.Systemd;
using NodeStorageAgent.Tests.Systemd;
using Serilog.Events;

namespace NodeStorageAgent.Tests.Logging;

public class AgentLoggingTests
{
    [Fact]
    public void DaemonUnderSystemdWithTheSocketLogsToJournald()
    {
        using var journal = UnixDatagramListener.BindPath("socket");
        var stderr = new StringWriter();
        var options = Options(journal.Address, stderr, new() { [SystemdConstants.InvocationId] = "abc" });

        var result = AgentLogging.Create(options);
        using (result.Logger)
        {
            result.Logger.Information("reconciled {Generation}", 7);
            result.Logger.Debug("below the minimum level");
        }

        Assert.Equal(LogTarget.Journald, result.Target);
        Assert.Contains("exists", result.Reason, StringComparison.Ordinal);
        Assert.Equal("7", JournalNativeParser.Parse(journal.Receive().Payload).Single("NSA_GENERATION"));
        Assert.Null(journal.TryReceiveText(TimeSpan.FromMilliseconds(100)));
        Assert.Equal("", stderr.ToString());
    }

    [Fact]
    public void DaemonUnderSystemdWithoutTheSocketWritesPrefixedStderr()
    {
        var stderr = new StringWriter();
        var options = Options("/nonexistent/journal/socket", stderr, new() { [SystemdConstants.InvocationId] = "abc" });

        var result = AgentLogging.Create(options);
        using (result.Logger)
        {
            result.Logger.Warning("store {StorePath} unhealthy", "/mnt/x");
        }

        Assert.Equal(LogTarget.SystemdStderr, result.Target);
        Assert.Equal("<4>store /mnt/x unhealthy\n", stderr.ToString());
    }

    [Fact]
    public void JournalStreamOnStderrCountsAsSystemd()
    {
        var options = Options("/nonexistent/journal/socket", new StringWriter(), []) with { StderrIsJournal = true, StderrIsTerminal = true };

        Assert.Equal(LogTarget.SystemdStderr, LogTargetSelector.Select(options).Target);
    }

    [Fact]
    public void DaemonAtATerminalOutsideSystemdWritesHumanLinesEvenWhenJournaldExists()
    {
        using var journal = UnixDatagramListener.BindPath("socket");
        var options = Options(journal.Address, new StringWriter(), []) with { StderrIsTerminal = true };

        Assert.Equal(LogTarget.Human, LogTargetSelector.Select(options).Target);
        Assert.Equal(LogTarget.Journald, LogTargetSelector.Select(options with { StderrIsTerminal = false }).Target);
    }

    [Fact]
    public void CliCommandsAlwaysWriteHumanLines()
    {
        using var journal = UnixDatagramListener.BindPath("socket");
        var stderr = new StringWriter();
        var options = Options(journal.Address, stderr, new() { [SystemdConstants.InvocationId] = "abc" }) with { IsDaemon = false };

        var result = AgentLogging.Create(options);
        using (result.Logger)
        {
            result.Logger.Information("3 stores");
        }

        Assert.Equal((LogTarget.Human, "CLI command"), (result.Target, result.Reason));
        Assert.Equal("info: 3 stores\n", stderr.ToString());
    }

    [Fact]
    public void AForcedTargetWins()
    {
        var options = Options("/nonexistent", new StringWriter(), []) with { Target = LogTarget.SystemdStderr };

        Assert.Equal((LogTarget.SystemdStderr, "chosen explicitly"), LogTargetSelector.Select(options));
    }

    [Theory]
    [InlineData("8:3", true, 8UL, 3UL)]
    [InlineData("65026:123456789", true, 65026UL, 123456789UL)]
    [InlineData("8", false, 0UL, 0UL)]
    [InlineData(":3", false, 0UL, 0UL)]
    [InlineData("a:b", false, 0UL, 0UL)]
    [InlineData(null, false, 0UL, 0UL)]
    public void JournalStreamParses(string? value, bool ok, ulong device, ulong inode)
    {
        Assert.Equal((ok, device, inode), (JournalStream.TryParse(value, out var d, out var i), d, i));
    }

    [Fact]
    public void JournalStreamMatchesOnlyOurRealStderr()
    {
        Assert.Equal(0, Mono.Unix.Native.Syscall.fstat(2, out var stat));

        Assert.True(JournalStream.MatchesStderr($"{stat.st_dev}:{stat.st_ino}"));
        Assert.False(JournalStream.MatchesStderr($"{stat.st_dev}:{stat.st_ino + 1}"));
    }

    private static AgentLoggingOptions Options(string socket, StringWriter stderr, Dictionary<string, string> variables) => new()
    {
        IsDaemon = true,
        MinimumLevel = LogEventLevel.Information,
        JournalSocketPath = socket,
        Environment = new FakeProcessEnvironment(variables),
        Stderr = stderr,
        StderrIsTerminal = false,
        StderrIsJournal = false,
    };
}
