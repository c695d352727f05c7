using NodeStorageAgent.NodeLayout;
using System.Security.Cryptography;
using System.Text;

namespace NodeStorageAgent.Apply;

/// <summary>A stable sha256 over a set of rendered files (order-independent), as <c>sha256:&lt;hex&gt;</c>.</summary>
public static class RenderedFileDigest
{
    public static string Compute(IEnumerable<RenderedFile> files) =>
        Compute(files.Select(f => f.Desired));

    public static string Compute(IEnumerable<NodeFile> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files.OrderBy(f => f.NodePath, StringComparer.Ordinal))
        {
            // Length-prefixed fields, so no two different sets can produce the same byte stream.
            Append(hash, Encoding.UTF8.GetBytes(file.NodePath));
            hash.AppendData(file.Content is null ? [0] : [1]);
            Append(hash, file.Content ?? []);
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, byte[] data)
    {
        hash.AppendData(BitConverter.GetBytes((long)data.Length));
        hash.AppendData(data);
    }
}
