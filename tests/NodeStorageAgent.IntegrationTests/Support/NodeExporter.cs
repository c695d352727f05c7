using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NodeStorageAgent.IntegrationTests.Support;

/// <summary>
/// A real node-exporter (Debian prometheus-node-exporter) on 127.0.0.1 with only its textfile collector, reading
/// <c>directory</c>. Dispose kills it.
/// </summary>
internal sealed class NodeExporter : IDisposable
{
    public const string Command = "prometheus-node-exporter";
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private NodeExporter(Process process, int port)
    {
        _process = process;
        Url = $"http://127.0.0.1:{port}/metrics";
    }

    public string Url { get; }

    public static NodeExporter Start(string textfileDirectory)
    {
        Prerequisites.RequireCommand(Command);
        var port = FreeLoopbackPort();
        var info = new ProcessStartInfo(Prerequisites.FindOnPath(Command)!)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     $"--web.listen-address=127.0.0.1:{port}", "--collector.disable-defaults", "--web.disable-exporter-metrics",
                     "--collector.textfile", $"--collector.textfile.directory={textfileDirectory}",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new NodeExporter(process, port);
    }

    /// <summary>The served samples (<c>name{labels}</c> → value), polled until it answers (bounded).</summary>
    public Dictionary<string, double> Scrape()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"node-exporter exited ({_process.ExitCode})");
            }

            try
            {
                return Parse(_http.GetStringAsync(Url).GetAwaiter().GetResult());
            }
            catch (HttpRequestException) when (clock.Elapsed < s_startTimeout)
            {
                Thread.Sleep(50); // not listening yet
            }
        }
    }

    /// <summary>Sample lines of the text format (no timestamps in node-exporter's output); comments skipped.</summary>
    public static Dictionary<string, double> Parse(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#'))
            .Select(l => (Key: l[..l.LastIndexOf(' ')], Value: l[(l.LastIndexOf(' ') + 1)..]))
            .ToDictionary(p => p.Key, p => p.Value == "+Inf" ? double.PositiveInfinity : double.Parse(p.Value, NumberStyles.Float, CultureInfo.InvariantCulture));

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
