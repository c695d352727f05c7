using System.Text.Json.Serialization;

namespace NodeStorageAgent.Apply;

/// <summary>A node file's bytes at one moment (base64 in JSON); null content means the file did not exist.</summary>
public sealed record NodeFileSnapshot(string NodePath, [property: JsonConverter(typeof(NullableBase64Converter))] byte[]? Content)
{
    public bool Exists => Content is not null;
}
