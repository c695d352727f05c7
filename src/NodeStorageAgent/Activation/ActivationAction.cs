namespace NodeStorageAgent.Activation;

/// <summary>How a new configuration is brought into effect (the desired state's <c>action</c>).</summary>
public enum ActivationAction
{
    /// <summary>Write the files only; report "restart pending".</summary>
    None,

    /// <summary>Restart CRI-O if it is running, with rollback on failure. Storage settings are not reloadable, so
    /// SIGHUP is never enough (upstream-facts §2.3).</summary>
    Restart,

    /// <summary>Reboot the node, at most once per configuration.</summary>
    Reboot,
}
