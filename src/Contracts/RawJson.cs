using System.Text.Json;
using System.Text.Json.Serialization;

namespace MakCrm.Contracts;

/// <summary>JSON text written into a response as it is (it was written by the API's own serializer when
/// stored).</summary>
[JsonConverter(typeof(RawJsonConverter))]
public readonly record struct RawJson(string Text);

internal sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Text, skipInputValidation: true);
}
