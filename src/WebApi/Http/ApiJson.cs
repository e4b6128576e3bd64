using System.Text.Json;
using System.Text.Json.Serialization;
using MakCrm.Domain.Common;

namespace MakCrm.WebApi.Http;

public static class ApiJson
{
    /// <summary>camelCase, snake_case enums, nulls checked against nullable annotations, unknown fields rejected.</summary>
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
}
