using System.Text.Json;
using System.Text.Json.Serialization;

namespace NodeStorageAgent.NodeLayout;

/// <summary>
/// <c>byte[]?</c> as base64, with null kept as JSON <c>null</c>. The source-generated default writes a null array as
/// <c>""</c>, which reads back as an empty file: "absent" and "empty" would become the same (seen with .NET 10).
/// </summary>
internal sealed class NullableBase64Converter : JsonConverter<byte[]?>
{
    public override bool HandleNull => true;

    public override byte[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : reader.GetBytesFromBase64();

    public override void Write(Utf8JsonWriter writer, byte[]? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteBase64StringValue(value);
        }
    }
}
