namespace NodeStorageAgent.Activation;

/// <summary>
/// Reads the output of <c>systemctl show -p ActiveState -p InvocationID UNIT</c>: one <c>Name=value</c> line per
/// property, in systemd's order rather than ours. The invocation id counts only while the unit runs: a failed or
/// stopped unit's last id proves nothing about a restart.
/// </summary>
public static class UnitActivityParser
{
    public static (UnitActiveState State, string? InvocationId) Parse(string stdout)
    {
        var state = UnitActiveState.Unknown;
        string? invocation = null;
        foreach (var line in stdout.Split('\n'))
        {
            var equals = line.IndexOf('=');
            if (equals < 0)
            {
                continue;
            }

            var value = line[(equals + 1)..].Trim();
            switch (line[..equals])
            {
                case "ActiveState" when Enum.TryParse<UnitActiveState>(value, ignoreCase: true, out var parsed) && value.All(char.IsAsciiLetterLower):
                    state = parsed;
                    break;
                case "InvocationID" when value.Length > 0:
                    invocation = value;
                    break;
            }
        }

        return (state, state.IsRunning() ? invocation : null);
    }
}
