using NodeStorageAgent.TestSupport;

namespace NodeStorageAgent.Tests.Activation;

/// <summary>A private copy of the stand-in <c>systemctl</c> script (a real process, not a mock), with its state
/// files beside it. See the script's header for the knobs.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class SystemctlStandIn : IDisposable
{
    public SystemctlStandIn()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("nsa-systemctl-").FullName;
        var script = Path.Combine(SharedData.RepoRoot, "tests", "NodeStorageAgent.IntegrationTests", "Fixtures", "standins", "systemctl");
        File.Copy(script, Executable);
        File.SetUnixFileMode(Executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Directory { get; }

    public string Executable => Path.Combine(Directory, "systemctl");

    /// <summary>The stand-in's directory first, then the real PATH: how the sandbox puts it in front.</summary>
    public string SearchPath => Directory + ":" + Environment.GetEnvironmentVariable("PATH");

    public string Mode { set => File.WriteAllText(Path.Combine(Directory, "mode"), value); }

    public string State { set => File.WriteAllText(Path.Combine(Directory, "state"), value); }

    public int StartupPolls { set => File.WriteAllText(Path.Combine(Directory, "startup-polls"), value.ToString()); }

    public string WatchedFile { set => File.WriteAllText(Path.Combine(Directory, "watch"), value); }

    public IReadOnlyList<string> Calls
    {
        get
        {
            var log = Path.Combine(Directory, "calls.log");
            return File.Exists(log) ? File.ReadAllLines(log) : [];
        }
    }

    public int Count(string call) => Calls.Count(c => c == call);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
