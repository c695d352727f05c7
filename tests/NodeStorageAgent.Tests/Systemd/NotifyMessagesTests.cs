using Microsoft.Extensions.Hosting.Systemd;
using NodeStorageAgent.Systemd;

namespace NodeStorageAgent.Tests.Systemd;

public class NotifyMessagesTests
{
    [Fact]
    public void MessagesHaveTheSdNotifyPayloads()
    {
        Assert.Equal("WATCHDOG=1", NotifyMessages.Watchdog.ToString());
        Assert.Equal("EXTEND_TIMEOUT_USEC=90000000", NotifyMessages.ExtendTimeout(TimeSpan.FromSeconds(90)).ToString());
        Assert.Equal("EXTEND_TIMEOUT_USEC=1500", NotifyMessages.ExtendTimeout(TimeSpan.FromTicks(15_000)).ToString());
    }

    [Fact]
    public void CombinedStatesGoInOneNewlineSeparatedPayload()
    {
        var state = NotifyMessages.Combine(ServiceState.Ready, NotifyMessages.Status("3/4 stores healthy"), NotifyMessages.Watchdog);

        Assert.Equal("READY=1\nSTATUS=3/4 stores healthy\nWATCHDOG=1", state.ToString());
        Assert.Equal("", NotifyMessages.Combine().ToString());
    }

    [Fact]
    public void StatusIsForcedOntoOneLine()
    {
        Assert.Equal("STATUS=probing a  b c", NotifyMessages.Status("probing\na\r\nb\tc").ToString());
        Assert.DoesNotContain('\n', NotifyMessages.Status("x\ny\nz").ToString());
    }

    [Fact]
    public void LongStatusIsCutAndMarked()
    {
        var payload = NotifyMessages.Status(new string('x', 2000)).ToString();

        Assert.Equal("STATUS=".Length + NotifyMessages.MaxStatusLength + 1, payload.Length);
        Assert.EndsWith("…", payload, StringComparison.Ordinal);
    }

    [Fact]
    public void CuttingNeverSplitsASurrogatePair()
    {
        var payload = NotifyMessages.Status(new string('x', NotifyMessages.MaxStatusLength - 1) + "😀😀").ToString();

        Assert.Equal("STATUS=" + new string('x', NotifyMessages.MaxStatusLength - 1) + "…", payload);
    }

    [Fact]
    public void NonsenseArgumentsAreProgrammingErrors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NotifyMessages.ExtendTimeout(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => NotifyMessages.ExtendTimeout(TimeSpan.FromSeconds(-1)));
    }
}
