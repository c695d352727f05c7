using System.CommandLine;
using NodeStorageAgent.StateMachine;

namespace NodeStorageAgent.Cli;

/// <summary>
/// <c>rollback</c>: puts our entries back to the last-known-good's (an admin's edits since then stay) and restarts
/// CRI-O when it runs, through the same state machine as the service. The configuration rolled back from is marked
/// failed, so the service does not re-apply it until the desired state or store health changes.
/// </summary>
internal static class RollbackCommand
{
    public static Command Create()
    {
        var binder = new AgentOptionsBinder();
        var command = AgentOptionsBinder.AddTo(new Command("rollback", "Restore the last-known-good configuration and restart CRI-O"), binder);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var log = CliLogging.Create();
            var options = binder.Bind(parse);
            using var session = WritingSession.Open(options, log);
            if (session is null)
            {
                return ExitCodes.Failed;
            }

            var runner = session.Runtime.Runner;
            var notes = (await runner.DispatchAsync(new RollbackAsked(), cancellationToken).ConfigureAwait(false)).ToList();
            if (runner.Persist() is { } unsaved)
            {
                notes.Add(unsaved);
            }
            foreach (var note in notes)
            {
                (note.Level == NoteLevel.Error ? Console.Error : Console.Out).WriteLine(note.Level == NoteLevel.Error ? $"error: {note.Message}" : note.Message);
            }

            return notes.Any(n => n.Level == NoteLevel.Error) || runner.State.Activation is not null ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }
}
