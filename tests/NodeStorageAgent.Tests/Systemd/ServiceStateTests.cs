using Microsoft.Extensions.Time.Testing;
using NodeStorageAgent.Systemd;

namespace NodeStorageAgent.Tests.Systemd;

public class ServiceStateTests
{
    [Fact]
    public void WellKnownStatesHaveTheSdNotifyPayloads()
    {
        Assert.Equal("READY=1", ServiceState.Ready.Payload);
        Assert.Equal("STOPPING=1", ServiceState.Stopping.Payload);
        Assert.Equal("WATCHDOG=1", ServiceState.Watchdog.Payload);
        Assert.Equal("MAINPID=1234", ServiceState.MainPid(1234).Payload);
        Assert.Equal("EXTEND_TIMEOUT_USEC=90000000", ServiceState.ExtendTimeout(TimeSpan.FromSeconds(90)).Payload);
        Assert.Equal("EXTEND_TIMEOUT_USEC=1500", ServiceState.ExtendTimeout(TimeSpan.FromTicks(15_000)).Payload);
    }

    [Fact]
    public void CombinedStatesGoInOneNewlineSeparatedPayload()
    {
        var state = ServiceState.Combine(ServiceState.Ready, ServiceState.Status("3/4 stores healthy"), ServiceState.MainPid(7));

        Assert.Equal("READY=1\nSTATUS=3/4 stores healthy\nMAINPID=7", state.Payload);
        Assert.Equal(state, ServiceState.Ready.And(ServiceState.Status("3/4 stores healthy")).And(ServiceState.MainPid(7)));
        Assert.Equal(ServiceState.Ready, default(ServiceState).And(ServiceState.Ready));
        Assert.True(ServiceState.Combine().IsEmpty);
    }

    [Fact]
    public void StatusIsForcedOntoOneLine()
    {
        Assert.Equal("STATUS=probing a  b c", ServiceState.Status("probing\na\r\nb\tc").Payload);
        Assert.DoesNotContain('\n', ServiceState.Status("x\ny\nz").Payload);
    }

    [Fact]
    public void LongStatusIsCutAndMarked()
    {
        var payload = ServiceState.Status(new string('x', 2000)).Payload;

        Assert.Equal("STATUS=".Length + ServiceState.MaxStatusLength + 1, payload.Length);
        Assert.EndsWith("x…", payload);
    }

    [Fact]
    public void CuttingNeverSplitsASurrogatePair()
    {
        var payload = ServiceState.Status(new string('x', ServiceState.MaxStatusLength - 1) + "😀😀").Payload;

        Assert.Equal("STATUS=" + new string('x', ServiceState.MaxStatusLength - 1) + "…", payload);
    }

    [Fact]
    public void ReloadingCarriesTheMonotonicTimestamp()
    {
        var time = new FakeTimeProvider();
        var expectedUsec = time.GetTimestamp() / 10; // FakeTimeProvider timestamps are 100 ns ticks

        Assert.Equal($"RELOADING=1\nMONOTONIC_USEC={expectedUsec}", ServiceState.Reloading(time).Payload);
    }

    [Fact]
    public void NonsenseArgumentsAreProgrammingErrors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ServiceState.MainPid(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ServiceState.ExtendTimeout(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => ServiceState.ExtendTimeout(TimeSpan.FromSeconds(-1)));
    }
}
