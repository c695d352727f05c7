using System.Text.Json.Serialization;

namespace NodeStorageAgent.NodeLayout;

/// <summary>
/// A node file's path and bytes at one moment; null content: the file does not exist. The one record for "this file
/// with these bytes", whether read (CRI-O's config, a snapshot kept in the state, base64 in JSON) or to be written
/// (<see cref="Apply.RenderedFile"/> adds how).
/// </summary>
/// <param name="NodePath">Absolute node path, e.g. <c>/etc/containers/storage.conf</c>.</param>
public sealed record NodeFile(string NodePath, [property: JsonConverter(typeof(NullableBase64Converter))] byte[]? Content)
{
    public bool Exists => Content is not null;

    /// <summary>The bytes of a file that exists (empty for an absent one).</summary>
    [JsonIgnore]
    public byte[] Bytes => Content ?? [];
}
