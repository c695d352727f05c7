namespace NodeStorageAgent.Logging;

public enum LogTarget
{
    /// <summary>Native protocol to journald's socket (<see cref="JournaldSink"/>).</summary>
    Journald,

    /// <summary><c>&lt;N&gt;</c>-prefixed lines on stderr (<see cref="SystemdConsoleSink"/>).</summary>
    SystemdStderr,

    /// <summary>Plain lines on stderr (<see cref="HumanConsoleSink"/>).</summary>
    Human,
}
