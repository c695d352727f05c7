using Microsoft.Extensions.Hosting.Systemd;
using NodeStorageAgent.Systemd;
using Serilog;
using Serilog.Core;

namespace NodeStorageAgent.Tests.Systemd;

/// <summary>The package's real <see cref="SystemdNotifier"/> aimed at a test socket. Its only public constructor
/// reads <c>NOTIFY_SOCKET</c> from the process environment, so this sets the variable around the constructor; the
/// tests that do so share <see cref="ProcessEnvironmentCollection"/> and never run at the same time.</summary>
internal static class PackageNotifiers
{
    public static AgentNotifier At(string? address, ILogger? log = null) => new(Create(address), log ?? Logger.None);

    public static ISystemdNotifier Create(string? address)
    {
        var previous = Environment.GetEnvironmentVariable(SystemdConstants.NotifySocket);
        Environment.SetEnvironmentVariable(SystemdConstants.NotifySocket, address);
        try
        {
            return new SystemdNotifier();
        }
        finally
        {
            Environment.SetEnvironmentVariable(SystemdConstants.NotifySocket, previous);
        }
    }
}

/// <summary>Tests that change the process environment (NOTIFY_SOCKET, WATCHDOG_*) run one at a time.</summary>
[CollectionDefinition(nameof(ProcessEnvironmentCollection), DisableParallelization = true)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "an xunit collection definition: the suffix is xunit's vocabulary")]
public sealed class ProcessEnvironmentCollection;
