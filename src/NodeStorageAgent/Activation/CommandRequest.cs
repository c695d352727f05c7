namespace NodeStorageAgent.Activation;

/// <summary>An external program to run.</summary>
/// <param name="FileName">A path, or a bare name looked up on the agent's PATH.</param>
/// <param name="Timeout">After this the program gets SIGTERM.</param>
/// <param name="KillGrace">After SIGTERM, this long until SIGKILL (Go tools blocked on a hung FUSE mount may ignore
/// SIGTERM: docs/node-findings.md §7.4). Null means <see cref="CommandRunner.DefaultKillGrace"/>.</param>
public sealed record CommandRequest(string FileName, IReadOnlyList<string> Arguments, TimeSpan Timeout, TimeSpan? KillGrace = null)
{
    public override string ToString() => Arguments.Count == 0 ? FileName : $"{FileName} {string.Join(' ', Arguments)}";
}
