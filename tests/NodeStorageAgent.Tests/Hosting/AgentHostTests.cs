using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NodeStorageAgent.Hosting;
using NodeStorageAgent.Reconcile;
using NodeStorageAgent.Systemd;
using NodeStorageAgent.Tests.Apply;
using NodeStorageAgent.NodeLayout;
using Serilog.Core;

namespace NodeStorageAgent.Tests.Hosting;

/// <summary>The host as <c>run</c> builds it, outside systemd (no notify socket).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Collection(nameof(Systemd.ProcessEnvironmentCollection))]
public sealed class AgentHostTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TheHostGivesAStopItsShutdownTimeout_AndItsOneHostedServiceIsTheAgent()
    {
        using var runtime = new AgentRuntime(new AgentOptions { Root = new NodeRoot(_dir.Path) }, Cli.AgentOptionsBinder.NoNotifier(Logger.None),
            new FakeTimeProvider(), Logger.None);
        var systemd = SystemdEnvironment.Capture(new Systemd.FakeProcessEnvironment(new()), Logger.None);

        using var host = AgentHost.Build(runtime, systemd, Logger.None);

        Assert.Equal(AgentHost.ShutdownTimeout, host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        Assert.IsType<AgentService>(Assert.Single(host.Services.GetServices<IHostedService>()));
        host.Services.GetRequiredService<IStartupValidator>().Validate();
    }
}
