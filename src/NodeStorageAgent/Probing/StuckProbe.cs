using System.Diagnostics;
using NodeStorageAgent.Probing.Paths;

namespace NodeStorageAgent.Probing;

/// <summary>A probe child that survived SIGKILL; while it lives, its store is Hung and gets no new probe.</summary>
internal sealed record StuckProbe(Process Process, PathResolution Resolution, DateTimeOffset Since);
