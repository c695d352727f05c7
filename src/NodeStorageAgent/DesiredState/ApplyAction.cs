namespace NodeStorageAgent.DesiredState;

/// <summary>What the agent does after it wrote a changed config (<c>[apply] action</c>).</summary>
public enum ApplyAction
{
    /// <summary>Restart CRI-O (storage settings are not live-reloadable: docs/upstream.md §2.3), with rollback.</summary>
    Restart,

    /// <summary>Reboot the node, at most once per config generation.</summary>
    Reboot,

    /// <summary>Write the files only; status shows "restart pending".</summary>
    None,
}
