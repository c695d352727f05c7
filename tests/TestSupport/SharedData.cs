namespace NodeStorageAgent.TestSupport;

/// <summary>
/// Finds the project's <c>shared/</c> folder (toml-test corpus, real configs). CI clones the repo with
/// <c>shared/</c> beside it; developer worktrees may sit deeper, so we walk up from the test binary.
/// <c>NSA_SHARED_DIR</c> overrides.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string> s_root = new(Locate);

    public static string Root => s_root.Value;

    public static string TomlTest => Path.Combine(Root, "toml-test");

    public static string RealConfigs => Path.Combine(Root, "fixtures", "real-configs");

    /// <summary>The repository's own root (the folder holding NodeStorageAgent.sln).</summary>
    public static string RepoRoot { get; } = FindUp(AppContext.BaseDirectory, d => File.Exists(Path.Combine(d, "NodeStorageAgent.sln")))
        ?? throw new InvalidOperationException("cannot find NodeStorageAgent.sln above " + AppContext.BaseDirectory);

    private static string Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("NSA_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return fromEnv;
        }

        return FindUp(RepoRoot, d => Directory.Exists(Path.Combine(d, "shared", "toml-test"))) is { } parent
            ? Path.Combine(parent, "shared")
            : throw new InvalidOperationException("cannot find shared/toml-test above " + RepoRoot + " (set NSA_SHARED_DIR)");
    }

    private static string? FindUp(string start, Func<string, bool> match)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (match(dir.FullName))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
