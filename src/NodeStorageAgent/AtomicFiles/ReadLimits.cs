namespace NodeStorageAgent.AtomicFiles;

/// <summary>
/// Caps on every file read, so an endless source (a drop-in symlinked to <c>/dev/zero</c> is refused as a device; a
/// <c>/proc</c> file or one that keeps growing is regular) cannot make the agent read without limit.
/// </summary>
public static class ReadLimits
{
    /// <summary>storage.conf, crio.conf and each crio.conf.d file: real ones are a few KiB; 1 MiB leaves room for any
    /// hand-written config and refuses the absurd.</summary>
    public const int ConfigFileBytes = 1024 * 1024;

    /// <summary>state.json holds copies of the managed config files (base64), so it may be several times
    /// <see cref="ConfigFileBytes"/>; also the cap of any other file the apply path reads back (backups, targets).</summary>
    public const int StateFileBytes = 16 * 1024 * 1024;
}
