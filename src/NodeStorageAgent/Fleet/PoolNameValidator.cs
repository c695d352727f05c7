using System.Text.RegularExpressions;
using NodeStorageAgent.Diagnostics;

namespace NodeStorageAgent.Fleet;

/// <summary>A machine config pool name is a Kubernetes object name used in a label value and in our MachineConfig's
/// name; we accept exactly the RFC 1123 DNS labels (lower-case alphanumerics and '-', at most 63 characters).</summary>
internal static partial class PoolNameValidator
{
    public const string InvalidPoolCode = "NSA1901";

    public static Diagnostic? Validate(string pool) =>
        DnsLabel().IsMatch(pool)
            ? null
            : Diagnostic.Error(InvalidPoolCode,
                $"pool name '{pool}' is not a DNS label (lower-case letters, digits and '-', starting and ending " +
                "with a letter or digit, at most 63 characters)");

    // \z, not $: "$" also matches before a trailing newline, and "worker\n" is not a pool name.
    [GeneratedRegex(@"^(?=.{1,63}\z)[a-z0-9]([-a-z0-9]*[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();
}
