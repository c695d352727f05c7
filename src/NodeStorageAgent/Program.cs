using NodeStorageAgent.Cli;

return await AgentCommandLine.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
