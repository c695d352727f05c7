using NodeStorageAgent.Activation;

namespace NodeStorageAgent.Tests.Activation;

/// <summary>What <c>systemctl show -p ActiveState -p InvocationID</c> prints, as systemd prints it.</summary>
public sealed class UnitActivityParserTests
{
    [Theory]
    [InlineData("ActiveState=active\nInvocationID=0d3c5a6f2b0a4a4e8a6a0f5b5f1c2d3e\n", UnitActiveState.Active, "0d3c5a6f2b0a4a4e8a6a0f5b5f1c2d3e")]
    [InlineData("InvocationID=0d3c5a6f2b0a4a4e8a6a0f5b5f1c2d3e\nActiveState=reloading\n", UnitActiveState.Reloading, "0d3c5a6f2b0a4a4e8a6a0f5b5f1c2d3e")]
    [InlineData("ActiveState=activating\nInvocationID=\n", UnitActiveState.Activating, null)]
    [InlineData("ActiveState=inactive\nInvocationID=\n", UnitActiveState.Inactive, null)]
    [InlineData("ActiveState=failed\nInvocationID=0d3c5a6f2b0a4a4e8a6a0f5b5f1c2d3e\n", UnitActiveState.Failed, null)] // the dead invocation is no proof of anything
    [InlineData("ActiveState=active\n", UnitActiveState.Active, null)] // systemd < 232: no InvocationID
    [InlineData("ActiveState=refreshing\nInvocationID=ab\n", UnitActiveState.Refreshing, null)]
    public void TheStateAndTheRunningInvocation(string stdout, UnitActiveState state, string? invocation)
    {
        var (parsedState, parsedInvocation) = UnitActivityParser.Parse(stdout);

        Assert.Equal(state, parsedState);
        Assert.Equal(invocation, parsedInvocation);
    }

    [Theory]
    [InlineData("")]
    [InlineData("InvocationID=ab\n")]
    [InlineData("ActiveState=sleeping\n")]
    [InlineData("activeState\n")]
    public void AnythingElse_IsUnknown(string stdout) =>
        Assert.Equal((UnitActiveState.Unknown, (string?)null), UnitActivityParser.Parse(stdout));
}
