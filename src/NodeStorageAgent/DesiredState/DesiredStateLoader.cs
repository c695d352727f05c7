using Mono.Unix.Native;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.NodeLayout;

namespace NodeStorageAgent.DesiredState;

/// <summary>
/// Reads the desired-state file from the node (through <see cref="NodeRoot"/>) after checking that it can be trusted,
/// then hands the bytes to the pure <see cref="DesiredStateParser"/>. The daemon and every verb load it here, so the
/// rules below hold for all of them.
/// </summary>
/// <remarks>
/// The file decides what the node trusts as container storage, so it must be owned by <paramref name="trustedOwner"/>
/// (root on a node; the invoking user in a <c>--root</c> sandbox), writable by nobody else, and so must every directory
/// on its resolved path (<see cref="TrustedFileReader"/>). A missing file — absent, or a dangling symlink — is an
/// error, never "no stores": a typo or a lost mount must not strip every store from the node. "No additional stores"
/// is an existing file that lists none.
/// </remarks>
public sealed class DesiredStateLoader(NodeRoot root, uint trustedOwner, bool checkDirectories = true)
{
    /// <summary>The owner a desired-state file must have under <paramref name="root"/>.</summary>
    public static uint DefaultTrustedOwner(NodeRoot root) => root.IsSystemRoot ? 0 : Syscall.geteuid();

    public static DesiredStateLoader For(NodeRoot root) => new(root, DefaultTrustedOwner(root));

    public DesiredStateLoadResult Load(string nodePath, ContainerStorageRoots roots)
    {
        if (!nodePath.StartsWith('/'))
        {
            return DesiredStateLoadResult.Invalid(Diagnostic.Error(DesiredStateCodes.DesiredPathNotAbsolute,
                "desired-state path must be absolute (a node path, resolved under --root)", nodePath));
        }

        var read = new TrustedFileReader(root, trustedOwner, checkDirectories).Read(nodePath, DesiredStateParser.MaxFileBytes);
        return read.Problem is { } problem
            ? DesiredStateLoadResult.Invalid(problem)
            : DesiredStateParser.Parse(read.Bytes!, nodePath, roots);
    }
}
