using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Fleet;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Planning;

/// <summary>Turns <c>[apply] storageMode</c> into the mode to render with, and says why.</summary>
public static class StorageModeResolver
{
    public static (StorageMode Mode, Diagnostic? Note) Resolve(StorageMode requested, NodeRoot root)
    {
        var mco = new MachineConfigNodeDetector(root).Detect();
        return requested switch
        {
            StorageMode.Auto when mco.IsManaged => (StorageMode.CrioStorageOption, Diagnostic.Warning(RenderingCodes.StorageModeChosen,
                $"MCO-managed node ({mco.Evidence} exists): image and layer stores go to CRI-O's storage_option in {NodePaths.CrioDropIn}; " +
                "storage.conf stays untouched so the Machine Config Daemon sees no drift (podman on this node does not see the stores)")),
            StorageMode.StorageConf when mco.IsManaged => (StorageMode.StorageConf, Diagnostic.Warning(RenderingCodes.StorageModeChosen,
                $"storageMode = \"storage-conf\" on an MCO-managed node ({mco.Evidence} exists): rewriting {NodePaths.StorageConf} makes the " +
                "Machine Config Daemon mark the node Degraded (config drift) and blocks updates; use \"auto\" or \"crio-storage-option\"")),
            StorageMode.Auto => (StorageMode.StorageConf, null),
            _ => (requested, null),
        };
    }
}
