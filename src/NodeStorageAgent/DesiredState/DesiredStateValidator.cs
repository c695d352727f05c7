using System.Text;
using NodeStorageAgent.Diagnostics;

namespace NodeStorageAgent.DesiredState;

/// <summary>
/// Pure validation of store entries: first exactly the ContainerRuntimeConfig API's rules, with the API's own wording
/// (docs/upstream.md §1.1, §1.2), then what only a node can know (system paths, the node's own graphroot/runroot).
/// </summary>
public static class DesiredStateValidator
{
    public const int MaxPathBytes = 256;

    /// <summary><c>+kubebuilder:validation:MinItems=1</c> (docs/upstream.md §1.2), in the API server's wording.</summary>
    public static string TooFewItemsMessage(string field) => $"{field}: should have at least 1 items (omit the key for none)";

    /// <summary>Places an additional store must never be: kernel and device trees, and CRI-O/podman's run state.</summary>
    private static readonly string[] s_forbiddenTrees = ["/proc", "/sys", "/dev", "/run/containers"];

    public static IReadOnlyList<Diagnostic> Validate(
        IReadOnlyList<StoreEntry> entries, ContainerStorageRoots roots, string? file, IReadOnlyDictionary<StoreKind, (int Line, int Column)>? listPositions = null)
    {
        var diagnostics = new List<Diagnostic>();
        var firstKindOf = new Dictionary<string, StoreKind>(StringComparer.Ordinal);
        foreach (var kind in StoreKindNames.All)
        {
            var list = entries.Where(e => e.Kind == kind).ToList();
            var field = StoreKindNames.FieldName(kind);
            var max = StoreKindNames.MaxItems(kind);
            if (list.Count > max)
            {
                var (line, column) = listPositions is not null && listPositions.TryGetValue(kind, out var p) ? p : (list[max].Line, list[max].Column);
                diagnostics.Add(Error(DesiredStateCodes.TooManyItems, $"{field}: Too many: {list.Count}: must have at most {max} items", file, line, column));
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in list)
            {
                var pathErrors = ValidatePath(entry, roots, file);
                diagnostics.AddRange(pathErrors);
                if (entry.Path is null)
                {
                    continue;
                }

                // The API compares exact strings (docs/upstream.md §1.2), but containers/storage cleans paths, so "/mnt/a/"
                // and "/mnt/a" are one directory listed twice: compare the spelling a store is used under.
                var directory = Normalize(entry.Path);
                if (!seen.Add(directory))
                {
                    diagnostics.Add(Error(DesiredStateCodes.DuplicatePath, $"{field} must not contain duplicate paths: {directory}", file, entry.Line, entry.Column));
                }
                else if (!firstKindOf.TryAdd(directory, kind))
                {
                    // openshift/machine-config-operator#6433 refuses one path in two store kinds, with this wording.
                    diagnostics.Add(Error(DesiredStateCodes.PathInTwoKinds,
                        $"path \"{directory}\" is used in both {McoKindName(firstKindOf[directory])} and {McoKindName(kind)}", file, entry.Line, entry.Column));
                }
            }
        }

        return diagnostics;
    }

    /// <summary>The Go field name the MCO's messages use (<c>AdditionalLayerStores</c>).</summary>
    private static string McoKindName(StoreKind kind)
    {
        var field = StoreKindNames.FieldName(kind);
        return char.ToUpperInvariant(field[0]) + field[1..];
    }

    /// <summary>Every rule for one path; empty when the path is acceptable.</summary>
    public static IReadOnlyList<Diagnostic> ValidatePath(StoreEntry entry, ContainerStorageRoots roots, string? file)
    {
        var errors = new List<Diagnostic>();
        void Add(string code, string message) => errors.Add(Error(code, $"{StoreKindNames.FieldName(entry.Kind)}.path: {message}", file, entry.Line, entry.Column));

        var path = entry.Path;
        if (path is null)
        {
            Add(DesiredStateCodes.PathRequired, "Required value");
            return errors;
        }

        if (path.Length == 0)
        {
            Add(DesiredStateCodes.PathEmpty, "path in body should be at least 1 chars long");
            return errors;
        }

        var bytes = Encoding.UTF8.GetByteCount(path);
        if (bytes > MaxPathBytes)
        {
            Add(DesiredStateCodes.PathTooLong, $"Too long: may not be more than {MaxPathBytes} bytes (has {bytes})");
        }

        if (!MatchesApiPattern(path, out var offending))
        {
            Add(DesiredStateCodes.PathPattern,
                "path must be absolute and contain only alphanumeric characters, '/', '.', '_', and '-'" + offending);
            return errors;
        }

        if (path.Contains("//", StringComparison.Ordinal))
        {
            Add(DesiredStateCodes.PathDoubleSlash, "path must not contain consecutive forward slashes");
            return errors;
        }

        // The API's regex accepts "/a/../b" and "/."; on a node such a path hides where the store really is. The API
        // itself now refuses ".." (openshift/api#2999), the MCO too (openshift/machine-config-operator#6433), and CRI-O
        // refuses both in artifact stores (cri-o/cri-o#10254).
        if (path.Split('/').Any(segment => segment is "." or ".."))
        {
            Add(DesiredStateCodes.PathDotSegment, "path must not contain '.' or '..' segments");
            return errors;
        }

        // CRI-O refuses to start on an artifact store with a trailing slash (cri-o/cri-o#10254, "path %q must not have a
        // trailing slash"); containers/storage would clean it, leaving a second spelling of one directory. Refused for all.
        if (path.Length > 1 && path.EndsWith('/'))
        {
            Add(DesiredStateCodes.PathTrailingSlash, $"path \"{path}\" must not have a trailing slash");
            return errors;
        }

        var normalized = Normalize(path);
        if (normalized == "/")
        {
            Add(DesiredStateCodes.PathForbiddenLocation, "path must not be the root directory");
            return errors;
        }

        foreach (var tree in s_forbiddenTrees)
        {
            if (IsSameOrInside(normalized, tree))
            {
                Add(DesiredStateCodes.PathForbiddenLocation, $"path must not be in {tree}");
                return errors;
            }
        }

        foreach (var (name, root) in new[] { ("graphroot", roots.GraphRoot), ("runroot", roots.RunRoot) })
        {
            var r = Normalize(root);
            if (IsSameOrInside(normalized, r) || IsSameOrInside(r, normalized))
            {
                // An image store equal to the graphroot makes containers/storage fail with "is not a read-only lock"
                // (docs/node-findings.md §2.3); inside or around it, the stores would see each other's files.
                Add(DesiredStateCodes.PathOverlapsContainerStorage, $"path must not equal, contain or be inside the node's {name} {r}");
                return errors;
            }
        }

        return errors;
    }

    /// <summary><c>^/[a-zA-Z0-9/._-]+$</c>, written out so we can name the first offending character.</summary>
    private static bool MatchesApiPattern(string path, out string offending)
    {
        offending = "";
        if (path[0] != '/')
        {
            offending = " (not absolute)";
            return false;
        }

        if (path.Length < 2)
        {
            return false;
        }

        for (var i = 1; i < path.Length; i++)
        {
            var c = path[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-'))
            {
                offending = $" (found {Describe(c)} at offset {i})";
                return false;
            }
        }

        return true;
    }

    private static string Describe(char c) => c switch
    {
        ' ' => "a space",
        '\n' => "a newline",
        '\t' => "a tab",
        '\0' => "a NUL byte",
        ':' => "':' (containers/storage splits layer-store options on ':')",
        ',' => "',' (containers/storage splits store lists on ',')",
        _ when char.IsControl(c) => $"control character U+{(int)c:X4}",
        _ => $"'{c}'",
    };

    internal static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

    internal static bool IsSameOrInside(string path, string tree) =>
        path == tree || path.StartsWith(tree.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static Diagnostic Error(string code, string message, string? file, int line, int column) =>
        Diagnostic.Error(code, message, file, line, column);
}
