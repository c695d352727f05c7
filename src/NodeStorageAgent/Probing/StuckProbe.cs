using System.Diagnostics;
using NodeStorageAgent.Probing.Paths;

namespace NodeStorageAgent.Probing;

/// <summary>A store's outstanding probe child: one that timed out (left running) or survived SIGKILL. While it lives,
/// its store is Hung and gets no new probe.</summary>
/// <param name="KillSent">SIGKILL was sent after <see cref="ProbeOptions.OverdueKillAfter"/>.</param>
internal sealed record StuckProbe(Process Process, PathResolution Resolution, DateTimeOffset Since, bool KillSent = false);
