namespace NodeStorageAgent.Tests.Apply;

/// <summary>A fresh directory under /tmp, removed (with everything in it) on dispose.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("nsa-test-").FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public string WriteFile(string relative, string content, UnixFileMode? mode = null)
    {
        var path = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (mode is { } m)
        {
            File.SetUnixFileMode(path, m);
        }

        return path;
    }

    /// <summary>Every entry below the directory, relative, sorted.</summary>
    public IReadOnlyList<string> Entries(string relative = "") =>
        Directory.EnumerateFileSystemEntries(Combine(relative), "*", SearchOption.AllDirectories)
            .Select(p => System.IO.Path.GetRelativePath(Combine(relative), p))
            .Order(StringComparer.Ordinal)
            .ToList();

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
