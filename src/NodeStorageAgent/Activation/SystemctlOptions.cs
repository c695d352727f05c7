namespace NodeStorageAgent.Activation;

public sealed record SystemctlOptions
{
    /// <summary>Path of the systemctl to run. Null: the first <c>systemctl</c> on <see cref="SearchPath"/>.</summary>
    public string? Executable { get; init; }

    /// <summary>Colon-separated directories to look in. Null: the agent's own <c>PATH</c>.</summary>
    public string? SearchPath { get; init; }

    /// <summary>Per call. <c>restart --no-block</c> and <c>show</c> return at once unless systemd is stuck.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(5);
}
