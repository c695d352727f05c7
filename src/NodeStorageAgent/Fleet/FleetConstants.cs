namespace NodeStorageAgent.Fleet;

/// <summary>Names and versions of the Machine Config Operator objects the <c>machineconfig</c> verb emits.</summary>
internal static class FleetConstants
{
    /// <summary>The label that binds a MachineConfig to a pool (MachineConfigPool <c>machineConfigSelector</c>).</summary>
    public const string RoleLabel = "machineconfiguration.openshift.io/role";

    public const string MachineConfigApiVersion = "machineconfiguration.openshift.io/v1";

    /// <summary><c>MachineConfiguration</c> (the operator's own config, singleton <c>cluster</c>) carries
    /// <c>spec.nodeDisruptionPolicy</c> (docs/upstream.md §4.2).</summary>
    public const string MachineConfigurationApiVersion = "operator.openshift.io/v1";

    public const string MachineConfigurationName = "cluster";

    /// <summary>Ignition spec 3.4.0 (OpenShift 4.14 and later; nodeDisruptionPolicy needs a later release anyway).</summary>
    public const string IgnitionVersion = "3.4.0";

    /// <summary>0644 as the decimal integer Ignition expects.</summary>
    public const int DesiredStateFileMode = 420;

    public const string UnitName = "node-storage-agent.service";

    /// <summary>"99-" sorts after the MCO's generated configs, so ours wins a (not expected) path conflict.</summary>
    public static string MachineConfigName(string pool) => $"99-{pool}-node-storage-agent";
}
