using NodeStorageAgent.DesiredState;

namespace NodeStorageAgent.Tests.DesiredState;

/// <summary>The bad-input table: every entry is a desired-state file that must be refused with a clear error at the
/// given position (line, column of the first error; 0 = only the code is checked).</summary>
public static class InvalidDesiredStateCases
{
    public static TheoryData<string, string, string, int> All => new()
    {
        // --- API violations (docs/upstream.md §1.2)
        { "too-many-layer", Lists("additionalLayerStores", 6), DesiredStateCodes.TooManyItems, 0 },
        { "too-many-image", Lists("additionalImageStores", 11), DesiredStateCodes.TooManyItems, 0 },
        { "too-many-artifact", Lists("additionalArtifactStores", 11), DesiredStateCodes.TooManyItems, 0 },
        { "duplicate", "[[additionalImageStores]]\npath = \"/mnt/a\"\n[[additionalImageStores]]\npath = \"/mnt/a\"\n", DesiredStateCodes.DuplicatePath, 4 },
        { "missing-path", "[[additionalImageStores]]\n", DesiredStateCodes.PathRequired, 1 },
        { "empty-path", "[[additionalImageStores]]\npath = \"\"\n", DesiredStateCodes.PathEmpty, 2 },
        { "relative", "[[additionalImageStores]]\npath = \"mnt/a\"\n", DesiredStateCodes.PathPattern, 2 },
        { "root", "[[additionalImageStores]]\npath = \"/\"\n", DesiredStateCodes.PathPattern, 2 },
        { "double-slash", "[[additionalLayerStores]]\npath = \"/var//lib\"\n", DesiredStateCodes.PathDoubleSlash, 2 },
        { "overlong", "[[additionalImageStores]]\npath = \"/" + new string('x', 300) + "\"\n", DesiredStateCodes.PathTooLong, 2 },
        { "colon-ref", "[[additionalLayerStores]]\npath = \"/var/lib/stargz-store/store:ref\"\n", DesiredStateCodes.PathPattern, 2 },
        { "comma", "[[additionalImageStores]]\npath = \"/mnt/a,/mnt/b\"\n", DesiredStateCodes.PathPattern, 2 },
        { "space", "[[additionalImageStores]]\npath = \"/mnt/my images\"\n", DesiredStateCodes.PathPattern, 2 },
        { "plus", "[[additionalImageStores]]\npath = \"/mnt/a+b\"\n", DesiredStateCodes.PathPattern, 2 },
        { "empty-list", "additionalImageStores = []\n", DesiredStateCodes.TooFewItems, 1 },

        // --- hostile paths
        { "quote", "[[additionalImageStores]]\npath = \"/mnt/\\\"]\\nx\"\n", DesiredStateCodes.PathPattern, 2 },
        { "newline-escape", "[[additionalImageStores]]\npath = \"/mnt/a\\nadditionalimagestores = [\\\"/etc\\\"]\"\n", DesiredStateCodes.PathPattern, 2 },
        { "nul-escape", "[[additionalImageStores]]\npath = \"/mnt/a\\u0000b\"\n", DesiredStateCodes.PathPattern, 2 },
        { "dotdot", "[[additionalImageStores]]\npath = \"/mnt/../etc\"\n", DesiredStateCodes.PathDotSegment, 2 },
        { "dot", "[[additionalArtifactStores]]\npath = \"/mnt/./a\"\n", DesiredStateCodes.PathDotSegment, 2 },
        { "proc", "[[additionalImageStores]]\npath = \"/proc/1/root\"\n", DesiredStateCodes.PathForbiddenLocation, 2 },
        { "sys", "[[additionalLayerStores]]\npath = \"/sys/kernel\"\n", DesiredStateCodes.PathForbiddenLocation, 2 },
        { "dev", "[[additionalImageStores]]\npath = \"/dev/sda\"\n", DesiredStateCodes.PathForbiddenLocation, 2 },
        { "run-containers", "[[additionalImageStores]]\npath = \"/run/containers/storage\"\n", DesiredStateCodes.PathForbiddenLocation, 2 },
        { "graphroot", "[[additionalImageStores]]\npath = \"/var/lib/containers/storage\"\n", DesiredStateCodes.PathOverlapsContainerStorage, 2 },
        { "inside-graphroot", "[[additionalLayerStores]]\npath = \"/var/lib/containers/storage/overlay\"\n", DesiredStateCodes.PathOverlapsContainerStorage, 2 },
        { "contains-graphroot", "[[additionalArtifactStores]]\npath = \"/var/lib\"\n", DesiredStateCodes.PathOverlapsContainerStorage, 2 },
        { "unicode", "[[additionalImageStores]]\npath = \"/mnt/caché\"\n", DesiredStateCodes.PathPattern, 2 },
        { "tab", "[[additionalImageStores]]\npath = \"/mnt/a\\tb\"\n", DesiredStateCodes.PathPattern, 2 },

        // --- wrong types
        { "path-int", "[[additionalImageStores]]\npath = 42\n", DesiredStateCodes.WrongType, 2 },
        { "path-array", "[[additionalImageStores]]\npath = [\"/mnt/a\"]\n", DesiredStateCodes.WrongType, 2 },
        { "list-string", "additionalImageStores = \"/mnt/a\"\n", DesiredStateCodes.WrongType, 1 },
        { "list-of-strings", "additionalImageStores = [\"/mnt/a\"]\n", DesiredStateCodes.WrongType, 1 },
        { "list-table", "[additionalImageStores]\npath = \"/mnt/a\"\n", DesiredStateCodes.WrongType, 1 },
        { "apply-string", "apply = \"restart\"\n", DesiredStateCodes.WrongType, 1 },
        { "action-bool", "[apply]\naction = true\n", DesiredStateCodes.WrongType, 2 },
        { "action-unknown", "[apply]\naction = \"restart-now\"\n", DesiredStateCodes.BadActionValue, 2 },
        { "action-case", "[apply]\naction = \"Restart\"\n", DesiredStateCodes.BadActionValue, 2 },

        // --- unknown keys (we own the schema)
        { "typo-list", "[[additionalImageStore]]\npath = \"/mnt/a\"\n", DesiredStateCodes.UnknownKey, 1 },
        { "lowercase-list", "[[additionalimagestores]]\npath = \"/mnt/a\"\n", DesiredStateCodes.UnknownKey, 1 },
        { "extra-entry-key", "[[additionalImageStores]]\npath = \"/mnt/a\"\nreadonly = true\n", DesiredStateCodes.UnknownKey, 3 },
        { "extra-apply-key", "[apply]\naction = \"none\"\nforce = true\n", DesiredStateCodes.UnknownKey, 3 },
        { "top-level-key", "paths = [\"/mnt/a\"]\n", DesiredStateCodes.UnknownKey, 1 },

        // --- TOML syntax
        { "unterminated-string", "[[additionalImageStores]]\npath = \"/mnt/a\n", DesiredStateCodes.TomlSyntax, 2 },
        { "missing-equals", "[[additionalImageStores]]\npath \"/mnt/a\"\n", DesiredStateCodes.TomlSyntax, 2 },
        { "bad-header", "[[additionalImageStores]\npath = \"/mnt/a\"\n", DesiredStateCodes.TomlSyntax, 1 },
        { "duplicate-key", "[[additionalImageStores]]\npath = \"/mnt/a\"\npath = \"/mnt/b\"\n", DesiredStateCodes.TomlSyntax, 3 },
        { "table-after-array", "[[additionalImageStores]]\npath = \"/mnt/a\"\n[additionalImageStores]\n", DesiredStateCodes.TomlSyntax, 3 },
        { "control-char", "[[additionalImageStores]]\npath = \"/mnt/a\u0001\"\n", DesiredStateCodes.TomlSyntax, 2 },
        { "yaml-instead", "additionalImageStores:\n  - path: /mnt/a\n", DesiredStateCodes.TomlSyntax, 1 },
    };

    private static string Lists(string field, int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $"[[{field}]]\npath = \"/mnt/s{i}\"\n"));
}
