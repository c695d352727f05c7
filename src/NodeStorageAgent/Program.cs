using System.CommandLine;
using NodeStorageAgent.Cli;

// SIGTERM is the service's to handle (AgentService stops cleanly and exits 0); System.CommandLine's own handler
// would turn it into exit code 143, which systemd records as a failure.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
return await AgentCommandLine.Build().Parse(args).InvokeAsync(invocation).ConfigureAwait(false);
