using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Toml;

namespace NodeStorageAgent.DesiredState;

/// <summary>
/// Pure: desired-state TOML bytes → <see cref="DesiredStateSpec"/> or diagnostics with file:line:column.
/// We own this schema, so unknown keys and wrong types are errors (as CRI-O and MCO configs are strict about theirs): a typo must never
/// silently drop a store.
/// </summary>
/// <remarks>
/// Accepts the ContainerRuntimeConfig vocabulary both as arrays of tables (<c>[[additionalImageStores]]</c>) and as
/// inline arrays (<c>additionalImageStores = [{ path = "/x" }]</c>), since both decode to the same value.
/// </remarks>
public static class DesiredStateParser
{
    /// <summary>
    /// A desired-state file is a few hundred bytes (25 stores at most, 256-byte paths: under 8 KiB); anything this
    /// large is not one. The cap bounds the memory one bad file can cost the daemon.
    /// </summary>
    public const int MaxFileBytes = 64 * 1024;

    /// <summary>Diagnostics kept per file: enough to fix a file, few enough that status.json stays small.</summary>
    public const int MaxDiagnostics = 20;

    private const string ApplyKey = "apply";
    private const string ActionKey = "action";
    private const string StorageModeKey = "storageMode";
    private const string PathKey = "path";

    public static DesiredStateLoadResult Parse(ReadOnlySpan<byte> content, string file, ContainerStorageRoots roots)
    {
        if (content.Length > MaxFileBytes)
        {
            return DesiredStateLoadResult.Invalid(Diagnostic.Error(
                DesiredStateCodes.FileTooLarge, $"desired-state file is {content.Length} bytes; the limit is {MaxFileBytes}", file));
        }

        var document = TomlDocument.Parse(content, file);
        if (document.HasErrors)
        {
            return new(null, Capped(document.Diagnostics
                .Select(d => Diagnostic.Error(DesiredStateCodes.TomlSyntax, d.Message, file, d.Position.Line, d.Position.Column))
                .ToList(), file));
        }

        var diagnostics = new List<Diagnostic>();
        var entries = new List<StoreEntry>();
        var listPositions = new Dictionary<StoreKind, (int, int)>();
        var action = ApplyAction.Restart;
        var storageMode = StorageMode.Auto;
        var root = document.Root;

        foreach (var (key, value) in root)
        {
            var keyPosition = KeyPosition(root, key, value);
            if (StoreKindNames.FromFieldName(key) is { } kind)
            {
                listPositions[kind] = keyPosition;
                ReadStoreList(kind, key, value, file, entries, diagnostics);
            }
            else if (key == ApplyKey)
            {
                (action, storageMode) = ReadApply(value, file, diagnostics);
            }
            else
            {
                diagnostics.Add(Diagnostic.Error(DesiredStateCodes.UnknownKey,
                    $"unknown key '{Printable(key)}' (expected additionalLayerStores, additionalImageStores, additionalArtifactStores or apply)",
                    file, keyPosition.Line, keyPosition.Column));
            }
        }

        diagnostics.AddRange(DesiredStateValidator.Validate(entries, roots, file, listPositions));
        if (diagnostics.Any(d => d.IsError))
        {
            return new(null, Capped(diagnostics, file));
        }

        IReadOnlyList<StoreSpec> Of(StoreKind kind) =>
            entries.Where(e => e.Kind == kind).Select(e => new StoreSpec(kind, e.Path!)).ToList();

        return new(new DesiredStateSpec(Of(StoreKind.Layer), Of(StoreKind.Image), Of(StoreKind.Artifact), action, storageMode), diagnostics);
    }

    private static void ReadStoreList(
        StoreKind kind, string field, TomlValue value, string file, List<StoreEntry> entries, List<Diagnostic> diagnostics)
    {
        if (value is not TomlArray array)
        {
            diagnostics.Add(WrongType(file, value, $"{field} must be a list of tables like [[{field}]] with a 'path' key, not {Describe(value)}"));
            return;
        }

        if (array.Count == 0)
        {
            // +kubebuilder:validation:MinItems=1 (docs/upstream.md §1.2): omit the key instead.
            diagnostics.Add(Diagnostic.Error(DesiredStateCodes.TooFewItems, DesiredStateValidator.TooFewItemsMessage(field),
                file, value.Position.Line, value.Position.Column));
            return;
        }

        foreach (var item in array)
        {
            if (item is not TomlTable table)
            {
                diagnostics.Add(WrongType(file, item, $"{field} entries must be tables with a 'path' key, not {Describe(item)}"));
                continue;
            }

            string? path = null;
            var pathHasWrongType = false;
            var (line, column) = (item.Position.Line, item.Position.Column);
            foreach (var (key, entryValue) in table)
            {
                if (key != PathKey)
                {
                    var p = KeyPosition(table, key, entryValue);
                    diagnostics.Add(Diagnostic.Error(DesiredStateCodes.UnknownKey, $"unknown key '{Printable(key)}' in {field} entry (only 'path' is allowed)", file, p.Line, p.Column));
                }
                else if (entryValue is TomlString s)
                {
                    path = s.Value;
                    (line, column) = (entryValue.Position.Line, entryValue.Position.Column);
                }
                else
                {
                    diagnostics.Add(WrongType(file, entryValue, $"{field}.path must be a string, not {Describe(entryValue)}"));
                    pathHasWrongType = true;
                }
            }

            if (!pathHasWrongType)
            {
                entries.Add(new StoreEntry(kind, path, line, column));
            }
        }
    }

    private static (ApplyAction Action, StorageMode Mode) ReadApply(TomlValue value, string file, List<Diagnostic> diagnostics)
    {
        var action = ApplyAction.Restart;
        var mode = StorageMode.Auto;
        if (value is not TomlTable table)
        {
            diagnostics.Add(WrongType(file, value, $"apply must be a table ([apply]), not {Describe(value)}"));
            return (action, mode);
        }

        foreach (var (key, entryValue) in table)
        {
            if (key is not (ActionKey or StorageModeKey))
            {
                var p = KeyPosition(table, key, entryValue);
                diagnostics.Add(Diagnostic.Error(DesiredStateCodes.UnknownKey, $"unknown key '{Printable(key)}' in [apply] (allowed: 'action', 'storageMode')", file, p.Line, p.Column));
                continue;
            }

            if (entryValue is not TomlString s)
            {
                diagnostics.Add(WrongType(file, entryValue, $"apply.{key} must be a string, not {Describe(entryValue)}"));
                continue;
            }

            if (key == ActionKey)
            {
                action = Choose(s, key, [("restart", ApplyAction.Restart), ("reboot", ApplyAction.Reboot), ("none", ApplyAction.None)], action, file, diagnostics);
            }
            else
            {
                mode = Choose(s, key, [("auto", StorageMode.Auto), ("storage-conf", StorageMode.StorageConf), ("crio-storage-option", StorageMode.CrioStorageOption)], mode, file, diagnostics);
            }
        }

        return (action, mode);
    }

    private static T Choose<T>(TomlString value, string key, (string Name, T Value)[] choices, T fallback, string file, List<Diagnostic> diagnostics)
    {
        foreach (var (name, choice) in choices)
        {
            if (value.Value == name)
            {
                return choice;
            }
        }

        var supported = string.Join(", ", choices.Select(c => $"\"{c.Name}\""));
        diagnostics.Add(Diagnostic.Error(DesiredStateCodes.BadActionValue,
            $"apply.{key}: Unsupported value: \"{Printable(value.Value)}\": supported values: {supported}",
            file, value.Position.Line, value.Position.Column));
        return fallback;
    }

    /// <summary>The first <see cref="MaxDiagnostics"/> diagnostics and, when there were more, one line saying how many.</summary>
    internal static IReadOnlyList<Diagnostic> Capped(IReadOnlyList<Diagnostic> diagnostics, string file)
    {
        if (diagnostics.Count <= MaxDiagnostics)
        {
            return diagnostics;
        }

        var kept = diagnostics.Take(MaxDiagnostics).ToList();
        var more = diagnostics.Count - MaxDiagnostics;
        kept.Add(Diagnostic.Error(DesiredStateCodes.TooManyDiagnostics, $"{more} more error(s) not shown; fix the ones above first", file));
        return kept;
    }

    private static (int Line, int Column) KeyPosition(TomlTable table, string key, TomlValue value) =>
        table.TryGetKeyPosition(key, out var p) ? (p.Line, p.Column) : (value.Position.Line, value.Position.Column);

    private static Diagnostic WrongType(string file, TomlValue value, string message) =>
        Diagnostic.Error(DesiredStateCodes.WrongType, message, file, value.Position.Line, value.Position.Column);

    private static string Describe(TomlValue value) => value.Kind switch
    {
        TomlValueKind.Array => "an array",
        TomlValueKind.Table => "a table",
        TomlValueKind.String => "a string",
        TomlValueKind.Integer => "an integer",
        TomlValueKind.Float => "a float",
        TomlValueKind.Boolean => "a boolean",
        _ => "a date/time",
    };

    private static string Printable(string s) =>
        string.Concat(s.Take(64).Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}
