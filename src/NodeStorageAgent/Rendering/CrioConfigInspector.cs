using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Toml;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.Rendering;

/// <summary>
/// Pure: predicts how CRI-O merges its config files and warns where that undoes or bends what we render.
/// CRI-O reads crio.conf first, then every file under crio.conf.d in lexical order; a later file's array replaces an
/// earlier one (docs/upstream.md §2.4, docs/upstream.md §2.4). Storage settings in CRI-O's own config override
/// storage.conf for CRI-O.
/// </summary>
public static class CrioConfigInspector
{
    private static readonly string[] s_artifactKey = ["crio", "runtime", "additional_artifact_stores"];

    /// <param name="mainFile">/etc/crio/crio.conf, or null.</param>
    /// <param name="dropIns">Files under crio.conf.d, in CRI-O's order (see <see cref="CrioDropInOrder"/>).</param>
    /// <param name="weWriteDropIn">Whether our drop-in will exist after this render.</param>
    public static IReadOnlyList<Diagnostic> Inspect(NodeFile? mainFile, IReadOnlyList<NodeFile> dropIns, bool weWriteDropIn)
    {
        var warnings = new List<Diagnostic>();
        var ours = NodePaths.CrioDropIn;
        var files = (mainFile is null ? [] : new[] { mainFile }).Concat(dropIns.Where(f => f.NodePath != ours));
        foreach (var file in files)
        {
            var document = TomlDocument.Parse(file.Bytes, file.NodePath);
            if (document.HasErrors)
            {
                var first = document.Diagnostics[0];
                warnings.Add(Diagnostic.Warning(RenderingCodes.CrioFileInvalid,
                    $"CRI-O will refuse to start: this file is not valid TOML: {first.Message}", file.NodePath, first.Position.Line, first.Position.Column));
                continue;
            }

            // An earlier file's list is carried into ours (CrioSettingsBeforeOurs); only a later one undoes ours.
            var after = !ReferenceEquals(file, mainFile) && CrioDropInOrder.Compare(file.NodePath, ours) > 0;
            if (after && weWriteDropIn && Find(document.Root, s_artifactKey) is { } artifacts)
            {
                warnings.Add(Diagnostic.Warning(RenderingCodes.CrioDropInOverridesOurs,
                    $"sorts after {ours} and sets crio.runtime.additional_artifact_stores: CRI-O uses this file's list and ignores ours (arrays are replaced, not merged)",
                    file.NodePath, artifacts.Position.Line, artifacts.Position.Column));
            }

            foreach (var key in new[] { "root", "storage_driver" })
            {
                if (Find(document.Root, ["crio", key]) is TomlString value && value.Value.Length > 0)
                {
                    warnings.Add(Diagnostic.Warning(RenderingCodes.CrioChangesGraphRoot,
                        $"sets crio.{key} = \"{value.Value}\": CRI-O's storage then differs from storage.conf's, which the stores were validated against",
                        file.NodePath, value.Position.Line, value.Position.Column));
                }
            }
        }

        return warnings;
    }

    private static TomlValue? Find(TomlTable table, IReadOnlyList<string> path)
    {
        TomlValue current = table;
        foreach (var segment in path)
        {
            if (current is not TomlTable t || !t.TryGetValue(segment, out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }
}
