using System.CommandLine;
using NodeStorageAgent.Activation;
using NodeStorageAgent.Probing.Hysteresis;
using NodeStorageAgent.Reconcile;
using NodeStorageAgent.Systemd;
using Serilog;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Cli;

/// <summary>The options every verb that reconciles, probes or activates shares, and their binding to <see cref="AgentOptions"/>.</summary>
internal sealed class AgentOptionsBinder
{
    private static readonly AgentOptions s_defaults = new() { Root = NodeRoot.System };

    public Option<string> Root { get; } = CommonOptions.Root();

    public Option<string> Desired { get; } = CommonOptions.Desired();

    public Option<string?> Systemctl { get; } = new("--systemctl")
    {
        Description = "systemctl to run (default: the first on PATH; tests and the sandbox put a stand-in there)",
    };

    public Option<TimeSpan?> ProbeTimeout { get; } = Durations.Option("--probe-timeout", s_defaults.Probe.Timeout, "Longest wait for one store probe");

    public Option<TimeSpan?> CrioStartTimeout { get; } = Durations.Option("--crio-start-timeout", s_defaults.Crio.StartTimeout, "Longest wait for CRI-O to be active after a restart");

    public Option<TimeSpan?> CrioPollInterval { get; } = Durations.Option("--crio-poll-interval", s_defaults.Crio.PollInterval, "How often CRI-O's state is checked after a restart");

    public IEnumerable<Option> All => [Root, Desired, Systemctl, ProbeTimeout, CrioStartTimeout, CrioPollInterval];

    /// <summary>What the read-only verbs that probe (plan, render, probe) use: no systemctl, no CRI-O timing.</summary>
    public IEnumerable<Option> Probing => [Root, Desired, ProbeTimeout];

    public AgentOptions Bind(ParseResult parse) => new()
    {
        Root = new NodeRoot(parse.GetValue(Root)!),
        DesiredStatePath = parse.GetValue(Desired)!,
        Probe = s_defaults.Probe with { Timeout = Durations.Value(parse, ProbeTimeout, s_defaults.Probe.Timeout) },
        Systemctl = new SystemctlOptions { Executable = parse.GetValue(Systemctl) },
        Crio = new CrioActivatorOptions
        {
            StartTimeout = Durations.Value(parse, CrioStartTimeout, s_defaults.Crio.StartTimeout),
            PollInterval = Durations.Value(parse, CrioPollInterval, s_defaults.Crio.PollInterval),
        },
    };

    public static Command AddTo(Command command, AgentOptionsBinder binder) => AddTo(command, binder, binder.All);

    public static Command AddTo(Command command, AgentOptionsBinder binder, IEnumerable<Option> options)
    {
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        CommonOptions.RequireExplicitDesiredToExist(command, binder.Root, binder.Desired);
        return command;
    }

    /// <summary>A notifier that never notifies, for one-shot verbs (they are not the service).</summary>
    public static AgentNotifier NoNotifier(ILogger log) => AgentNotifier.Disabled(log);

    public static HysteresisPolicy Hysteresis(int failures, int successes) => new() { FailuresToDrop = failures, SuccessesToReadd = successes };
}
