namespace NodeStorageAgent.Probing.Observation;

/// <summary>
/// The one child command that examines a store on a mount that can block: GNU <c>find</c>, one exec covering every
/// path. <c>&lt;dir&gt;/.</c> as start point follows a symlinked store and fails with ENOTDIR for a non-directory;
/// listing it is the live readdir round trip. An extra start point <c>&lt;dir&gt;/pool</c> is an <c>lstat</c> that
/// stargz-store answers itself (docs/upstream.md §5.1). Only the root and well-known entries get the costlier
/// access(2) checks. Records are NUL-separated: depth, type, access, start point, relative path.
/// </summary>
public static class FindCommand
{
    public const int FieldsPerRecord = 5;

    public static string RootStart(string hostPath) => hostPath.TrimEnd('/') + "/.";

    public static string PoolStart(string hostPath) => hostPath.TrimEnd('/') + "/" + StoreEntryNames.StargzPool;

    public static IReadOnlyList<string> Arguments(string hostPath, bool lstatPool)
    {
        var args = new List<string> { "-P", RootStart(hostPath) };
        if (lstatPool)
        {
            args.Add(PoolStart(hostPath));
        }

        args.AddRange(["-maxdepth", "1", "("]);
        args.AddRange(["-name", "."]);
        foreach (var name in StoreEntryNames.InDirectory.Append(StoreEntryNames.StargzPool))
        {
            args.AddRange(["-o", "-name", name]);
        }

        args.AddRange([")",
            "-printf", @"%d\0%y\0",
            "(", "-readable", "-printf", "r", "-o", "-printf", "-", ")",
            "(", "-executable", "-printf", "x", "-o", "-printf", "-", ")",
            "-printf", @"\0%H\0%P\0",
            "-o", "-printf", @"%d\0?\0--\0%H\0%P\0"]);
        return args;
    }
}
