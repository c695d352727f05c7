using System.Text;
using NodeStorageAgent.Diagnostics;

namespace NodeStorageAgent.DesiredState;

/// <summary>
/// Pure validation of store entries: first exactly the ContainerRuntimeConfig API's rules, with the API's own wording
/// (upstream-facts §1.1, §1.2), then what only a node can know (system paths, the node's own graphroot/runroot).
/// </summary>
public static class DesiredStateValidator
{
    public const int MaxPathBytes = 256;

    /// <summary>Places an additional store must never be: kernel and device trees, and CRI-O/podman's run state.</summary>
    private static readonly string[] s_forbiddenTrees = ["/proc", "/sys", "/dev", "/run/containers"];

    public static IReadOnlyList<Diagnostic> Validate(
        IReadOnlyList<StoreEntry> entries, ContainerStorageRoots roots, string? file, IReadOnlyDictionary<StoreKind, (int Line, int Column)>? listPositions = null)
    {
        var diagnostics = new List<Diagnostic>();
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

                // Uniqueness is an exact string compare, as the API's CEL rule does (no normalisation): upstream-facts §1.2.
                if (entry.Path is not null && !seen.Add(entry.Path))
                {
                    diagnostics.Add(Error(DesiredStateCodes.DuplicatePath, $"{field} must not contain duplicate paths: {entry.Path}", file, entry.Line, entry.Column));
                }
            }
        }

        return diagnostics;
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

        // The API's regex accepts "/a/../b" and "/."; on a node such a path hides where the store really is.
        if (path.Split('/').Any(segment => segment is "." or ".."))
        {
            Add(DesiredStateCodes.PathDotSegment, "path must not contain '.' or '..' segments");
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
                // (test-environment §2.3); inside or around it, the stores would see each other's files.
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
