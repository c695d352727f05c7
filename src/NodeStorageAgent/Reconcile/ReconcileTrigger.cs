namespace NodeStorageAgent.Reconcile;

/// <summary>Why a reconcile pass ran (shown in status and the journal).</summary>
public enum ReconcileTrigger
{
    Start,
    DesiredStateChanged,
    HealthTransition,
    Resync,
    Once,
}
