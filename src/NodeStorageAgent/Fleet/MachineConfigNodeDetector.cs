using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Fleet;

/// <summary>
/// Answers "is this node managed by the Machine Config Operator?", which decides whether the agent may rewrite
/// <c>/etc/containers/storage.conf</c>: on an MCO node that file is part of every pool's rendered MachineConfig and
/// rewriting it makes the drift monitor mark the node Degraded (docs/upstream.md §4.3).
/// </summary>
/// <remarks>
/// Only file existence is checked (no parsing, no I/O that can hang). Evidence, in order:
/// <list type="bullet">
/// <item><c>/etc/machine-config-daemon/currentconfig</c>: the MachineConfig the Machine Config Daemon last applied,
/// written by the MCD after every update.</item>
/// <item><c>/etc/mcs-machine-config-content.json</c>: the MachineConfig the Machine Config Server served at first
/// boot, written by Ignition before the MCD ever ran (MCO <c>pkg/server/server.go</c>,
/// <c>machineConfigContentPath</c>: "on bootstrap + first install we don't have the MCD running and writing that
/// file").</item>
/// </list>
/// </remarks>
public sealed class MachineConfigNodeDetector(NodeRoot root)
{
    /// <summary>Written by the Machine Config Daemon after each applied config.</summary>
    public const string CurrentConfigPath = "/etc/machine-config-daemon/currentconfig";

    /// <summary>Written at first boot from the Machine Config Server's Ignition.</summary>
    public const string FirstBootContentPath = "/etc/mcs-machine-config-content.json";

    private static readonly string[] s_evidence = [CurrentConfigPath, FirstBootContentPath];

    public MachineConfigNodeDetection Detect()
    {
        foreach (var nodePath in s_evidence)
        {
            if (File.Exists(root.Resolve(nodePath)))
            {
                return new MachineConfigNodeDetection(true, nodePath);
            }
        }

        return MachineConfigNodeDetection.NotManaged;
    }
}
