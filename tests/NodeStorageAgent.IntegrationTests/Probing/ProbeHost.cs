using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Probing;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.IntegrationTests.Probing;

/// <summary>
/// A second entry point into this test executable: with <c>NSA_PROBE_HOST=1</c> it runs a <see cref="StoreProber"/>
/// as a plain process instead of the test runner, so tests can run it under <c>setpriv</c> (no DAC override), count
/// its threads, and SIGTERM it while a probe is stuck. Arguments: <c>[--timeout-ms N] [--rounds N] [--interval-ms N] kind:path ...</c>.
/// Output, one line each: <c>R round threads stuck</c>, then per store <c>S health reason errno elapsedMs path</c>, then <c>E</c>.
/// </summary>
internal static class ProbeHost
{
    public const string Variable = "NSA_PROBE_HOST";

    public static string Executable => Path.Combine(AppContext.BaseDirectory, "NodeStorageAgent.IntegrationTests");

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Test-only second entry point; inert unless NSA_PROBE_HOST is set.")]
    internal static void RunIfRequested()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            return;
        }

        Environment.Exit(Run(Environment.GetCommandLineArgs()[1..]));
    }

    private static int Run(string[] args)
    {
        var timeout = TimeSpan.FromSeconds(2);
        var rounds = 1;
        var interval = TimeSpan.Zero;
        var stores = new List<StoreSpec>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--timeout-ms":
                    timeout = TimeSpan.FromMilliseconds(int.Parse(args[++i], CultureInfo.InvariantCulture));
                    break;
                case "--interval-ms":
                    interval = TimeSpan.FromMilliseconds(int.Parse(args[++i], CultureInfo.InvariantCulture));
                    break;
                case "--rounds":
                    rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    var colon = args[i].IndexOf(':');
                    stores.Add(new StoreSpec(Enum.Parse<StoreKind>(args[i][..colon], ignoreCase: true), args[i][(colon + 1)..]));
                    break;
            }
        }

        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        using var prober = new StoreProber(NodeRoot.System, new ProbeOptions { Timeout = timeout }, TimeProvider.System);
        var unhealthy = false;
        try
        {
            for (var round = 1; round <= rounds; round++)
            {
                var results = prober.ProbeAsync(stores, stop.Token).GetAwaiter().GetResult();
                Console.WriteLine($"R {round} {Threads()} {prober.StuckCount}");
                foreach (var r in results)
                {
                    unhealthy |= !r.IsSafe;
                    Console.WriteLine(FormattableString.Invariant(
                        $"S {r.Health} {r.Reason} {r.Errno ?? "-"} {r.Elapsed.TotalMilliseconds:F1} {r.Store.Path}"));
                }

                Console.WriteLine("E");
                Console.Out.Flush();
                if (stop.Token.WaitHandle.WaitOne(interval))
                {
                    throw new OperationCanceledException(stop.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("terminated");
            return 143;
        }

        return unhealthy ? 1 : 0;
    }

    /// <summary><c>Threads:</c> from <c>/proc/self/status</c>.</summary>
    public static int Threads() => int.Parse(
        File.ReadLines("/proc/self/status").First(l => l.StartsWith("Threads:", StringComparison.Ordinal))[8..].Trim(),
        CultureInfo.InvariantCulture);
}
