using NodeStorageAgent.Apply;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.AtomicFiles;

namespace NodeStorageAgent.Activation;

/// <summary>Reads the kernel's boot id, a random UUID new on every boot (proc(5)).</summary>
public sealed class BootIdReader(string path = BootIdReader.DefaultPath)
{
    public const string DefaultPath = "/proc/sys/kernel/random/boot_id";

    /// <summary>The boot id, or null with a diagnostic.</summary>
    public string? Read(out Diagnostic? problem)
    {
        problem = null;
        if (PosixFileSystem.ReadAllNoFollow(path, out var bytes) is { } error)
        {
            problem = new Diagnostic(ActivationDiagnostics.BootIdUnreadable, DiagnosticSeverity.Error, $"cannot read the boot id: {error}", Path: path, Errno: error.Name);
            return null;
        }

        var id = System.Text.Encoding.ASCII.GetString(bytes).Trim();
        if (id.Length == 0)
        {
            problem = new Diagnostic(ActivationDiagnostics.BootIdUnreadable, DiagnosticSeverity.Error, "the boot id is empty", Path: path);
            return null;
        }

        return id;
    }
}
