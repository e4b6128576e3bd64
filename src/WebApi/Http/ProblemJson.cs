using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Http;

public static class ProblemJson
{
    /// <summary>
    /// The problem as the serializer writes it (members in RFC 9457's order, nulls left out, then the extensions by
    /// name), written field by field: through the serializer, every extension value was a lookup of its runtime type's
    /// converter, a fifth of a refused bid's JSON work. A subclass, or a value of another kind, goes through the
    /// serializer.
    /// </summary>
    public static ReadOnlyMemory<byte> Serialize(ProblemDetails problem, JsonSerializerOptions options)
    {
        if (problem.GetType() != typeof(ProblemDetails))
        {
            return JsonSerializer.SerializeToUtf8Bytes(problem, problem.GetType(), options);
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using var writer = new Utf8JsonWriter(
            buffer,
            new JsonWriterOptions
            {
                Encoder = options.Encoder,
                Indented = options.WriteIndented,
                MaxDepth = options.MaxDepth,
            }
        );
        writer.WriteStartObject();
        WriteIfSet(writer, "type", problem.Type);
        WriteIfSet(writer, "title", problem.Title);
        if (problem.Status is { } status)
        {
            writer.WriteNumber("status", status);
        }

        WriteIfSet(writer, "detail", problem.Detail);
        WriteIfSet(writer, "instance", problem.Instance);
        foreach (var (name, value) in problem.Extensions)
        {
            writer.WritePropertyName(name);
            switch (value)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case string text:
                    writer.WriteStringValue(text);
                    break;
                case decimal number:
                    writer.WriteNumberValue(number);
                    break;
                case int number:
                    writer.WriteNumberValue(number);
                    break;
                default:
                    JsonSerializer.Serialize(writer, value, value.GetType(), options);
                    break;
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenMemory;
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
