namespace NodeStorageAgent.Reconcile;

/// <summary>Diagnostic codes of the reconcile loop (NSA5xxx).</summary>
public static class ReconcileCodes
{
    public const string FailedGenerationHeld = "NSA5001";
    public const string RestartDeferredUnhealthyStore = "NSA5002";
    public const string RenderedFromStaleFile = "NSA5003";
}
