using NodeStorageAgent.TestSupport;

namespace NodeStorageAgent.Toml.Tests.RealConfigs;

internal static class RealConfigFiles
{
    public static TheoryData<string> All() => Under("storage", "crio");

    public static TheoryData<string> Storage() => Under("storage");

    public static TheoryData<string> Crio() => Under("crio");

    public static string FullPath(string relative) => Path.Combine(SharedData.RealConfigs, relative);

    public static TomlDocument Parse(string relative) => TomlDocument.Parse(File.ReadAllBytes(FullPath(relative)), relative);

    private static TheoryData<string> Under(params string[] folders)
    {
        var data = new TheoryData<string>();
        foreach (var folder in folders)
        {
            foreach (var path in Directory.EnumerateFiles(FullPath(folder), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(SharedData.RealConfigs, path));
            }
        }

        return data;
    }
}
