using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NodeStorageAgent.IntegrationTests.Stargz;

/// <summary>
/// Debian's docker-registry (distribution 2.8) on 127.0.0.1 only, storage in a temp dir, and a
/// <see cref="CountingProxy"/> in front of it: images are pushed to <see cref="PushHost"/> (not counted) and pulled
/// through <see cref="PullHost"/> (counted). <see cref="Stop"/> / <see cref="Start"/> take the registry down and back
/// on the same port and storage, with the proxy (so the image references) unchanged.
/// </summary>
internal sealed class LoopbackRegistry : IDisposable
{
    private readonly string _config;
    private Process? _process;

    public LoopbackRegistry(string dir)
    {
        Dir = Directory.CreateDirectory(dir).FullName;
        Port = FreeLoopbackPort();
        _config = Path.Combine(Dir, "config.yml");
        File.WriteAllText(_config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(Dir, "storage")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{Port}
            """);
        Start();
        Proxy = new CountingProxy(Port);
    }

    public string Dir { get; }

    public int Port { get; }

    public CountingProxy Proxy { get; }

    public string PushHost => $"127.0.0.1:{Port}";

    public string PullHost => $"127.0.0.1:{Proxy.Port}";

    public bool IsRunning => _process is { HasExited: false };

    public void Start()
    {
        var info = new ProcessStartInfo("docker-registry", ["serve", _config])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (!Answers())
        {
            if (_process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new InvalidOperationException($"docker-registry did not listen on 127.0.0.1:{Port}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>SIGKILL: the registry is gone, its port refuses connections.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }

    private bool Answers()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        Proxy.Dispose();
        Stop();
    }
}
