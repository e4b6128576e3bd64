using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MakCrm.Domain.Common;

namespace MakCrm.Contracts;

/// <summary>
/// The API's JSON. The HTTP layer configures its serializer with <see cref="Configure"/>; what is written outside a
/// response (an event's data, the event a webhook sends and a stream writes) is written with <see cref="Options"/>,
/// which starts from the same defaults as the HTTP layer's, so a record is the same bytes in both.
/// </summary>
public static class WireJson
{
    /// <summary>
    /// camelCase, snake_case enums, nulls checked against nullable annotations, unknown fields rejected.
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(SnakeCaseNames.JsonConverter(allowIntegerValues: false));
        options.RespectNullableAnnotations = true;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = 32;
    }

    /// <summary>
    /// ASP.NET Core's defaults for the JSON it writes (the web defaults, escaping only what JSON must, the reflection
    /// resolver), configured by <see cref="Configure"/>.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>A record as JSON text.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>A record as UTF-8 JSON.</summary>
    public static byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        Configure(options);
        options.MakeReadOnly();
        return options;
    }
}
