namespace NodeStorageAgent.StateMachine;

public enum NoteLevel
{
    Information,
    Warning,
    Error,
}

/// <summary>What the machine wants said about a step (the journal, and with a code, the status).</summary>
/// <param name="Diagnostics">The problems behind the note, as found (path, errno), for the status.</param>
public sealed record MachineNote(NoteLevel Level, string Message, string? Code = null, IReadOnlyList<Diagnostics.Diagnostic>? Diagnostics = null);

/// <summary>The result of one step: the new state (the same instance when nothing changed), at most one effect to
/// perform next, and what to say.</summary>
public sealed record Transition(AgentState Next, AgentEffect? Effect, IReadOnlyList<MachineNote> Notes)
{
    public static Transition Stay(AgentState state, params MachineNote[] notes) => new(state, null, notes);
}
