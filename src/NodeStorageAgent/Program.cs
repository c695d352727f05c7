using System.CommandLine;
using NodeStorageAgent.Cli;

// SIGTERM is the service's to handle (AgentService stops cleanly and exits 0); System.CommandLine's own handler
// would turn it into exit code 143, which systemd records as a failure.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
try
{
    var parse = AgentCommandLine.Build().Parse(args);

    // Usage errors (unknown option, bad value) exit 2 for every verb, as ExitCodes documents; System.CommandLine's
    // default is 1, which plan uses for "changes pending".
    if (parse.Errors.Count > 0)
    {
        foreach (var error in parse.Errors)
        {
            Console.Error.WriteLine($"error: {error.Message}");
        }

        Console.Error.WriteLine($"Try '{parse.CommandResult.Command.Name} --help'.");
        return ExitCodes.Invalid;
    }

    return await parse.InvokeAsync(invocation).ConfigureAwait(false);
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    // A bug must still end with one readable line and a documented exit code, not a stack trace on an admin's terminal.
    Console.Error.WriteLine($"node-storage-agent: error: {e.GetType().Name}: {e.Message}");
    return ExitCodes.Failed;
}
