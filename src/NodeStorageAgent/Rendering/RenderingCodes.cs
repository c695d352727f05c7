namespace NodeStorageAgent.Rendering;

/// <summary>Diagnostic codes for the configs we edit (NSA3xxx).</summary>
public static class RenderingCodes
{
    public const string StorageConfInvalid = "NSA3001";
    public const string StorageConfUneditable = "NSA3002";
    public const string LayerStoresNeedOverlay = "NSA3003";
    public const string CrioFileInvalid = "NSA3010";
    public const string CrioDropInOverridesOurs = "NSA3011";
    public const string CrioChangesGraphRoot = "NSA3013";
    public const string CrioUnreadable = "NSA3014";
    public const string StorageModeChosen = "NSA3020";
}
