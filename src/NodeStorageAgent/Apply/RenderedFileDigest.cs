using NodeStorageAgent.NodeLayout;
using System.Text;

namespace NodeStorageAgent.Apply;

/// <summary>A stable sha256 over a set of rendered files (order-independent), as <c>sha256:&lt;hex&gt;</c>.</summary>
public static class RenderedFileDigest
{
    public static string Compute(IEnumerable<RenderedFile> files) =>
        Compute(files.Select(f => f.Desired));

    public static string Compute(IEnumerable<NodeFile> files)
    {
        var hash = new Sha256();
        foreach (var file in files.OrderBy(f => f.NodePath, StringComparer.Ordinal))
        {
            // Length-prefixed fields, so no two different sets can produce the same byte stream.
            Append(hash, Encoding.UTF8.GetBytes(file.NodePath));
            hash.Append(file.Content is null ? [0] : [1]);
            Append(hash, file.Content ?? []);
        }

        return "sha256:" + Convert.ToHexStringLower(hash.Finish());
    }

    private static void Append(Sha256 hash, byte[] data)
    {
        hash.Append(BitConverter.GetBytes((long)data.Length));
        hash.Append(data);
    }
}
