using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MakCrm.Application.Common;
using MakCrm.Domain.Common;

namespace MakCrm.WebApi.Http;

/// <summary>A request body read as <typeparamref name="T"/>, with the names of the fields that were present (for merge patches).</summary>
public sealed record JsonBody<T>(T Value, IReadOnlySet<string> Present)
{
    public bool Has(string field) => Present.Contains(field);

    /// <summary>The field as a merge-patch value: absent, or present with its value (which may be null).</summary>
    public Patch<TField> Field<TField>(string field, TField value) =>
        Has(field) ? Patch<TField>.Of(value) : Patch<TField>.Absent;
}

/// <summary>
/// Reads JSON request bodies so that every way a body can be wrong is a clear 4xx problem: not JSON (415), not
/// well-formed (<c>malformed_json</c>), or well-formed but not what the operation takes — unknown fields, missing
/// required fields, nulls where a value is required, wrong types, unknown enum values — as per-field errors
/// (<c>validation_failed</c>). Bodies over the size limit surface from Kestrel as 413 through the exception handler.
/// </summary>
public static class JsonBodyReader
{
    // A request type's fields, made once per type (its JsonTypeInfo lives as long as the serializer options).
    private static readonly ConditionalWeakTable<JsonTypeInfo, BodyShape> Shapes = new();

    public static async Task<Result<JsonBody<T>>> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        if (!IsJson(request))
        {
            return new Error(ErrorCodes.UnsupportedMediaType, "Send the body as JSON (Content-Type: application/json).", ErrorKind.UnsupportedMediaType);
        }

        // The whole body, straight from Kestrel's buffers (at most MaxRequestBodySize, else 413): a JSON document parsed
        // from them reads them in place, so they are let go only once it is done with.
        var body = request.BodyReader;
        var read = await body.ReadAsync(cancellationToken);
        while (!read.IsCompleted)
        {
            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            read = await body.ReadAsync(cancellationToken);
        }

        try
        {
            return Read<T>(read.Buffer, options);
        }
        finally
        {
            body.AdvanceTo(read.Buffer.End);
        }
    }

    // application/json, with or without parameters, without parsing the header; anything else as the framework decides.
    private static bool IsJson(HttpRequest request) =>
        request.ContentType is { } type
        && ((type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && (type.Length == 16 || type[16] == ';'))
            || request.HasJsonContentType());

    private static Result<JsonBody<T>> Read<T>(ReadOnlySequence<byte> utf8Json, JsonSerializerOptions options)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = options.MaxDepth });
        }
        catch (JsonException ex)
        {
            return Malformed($"The body is not well-formed JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Malformed("The body must be a JSON object.");
            }

            var typeInfo = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            var shape = Shapes.GetValue(typeInfo, info => new BodyShape(info));
            var present = new HashSet<string>(StringComparer.Ordinal);
            Dictionary<string, string[]>? errors = null;
            foreach (var field in root.EnumerateObject())
            {
                var problem = !shape.Fields.TryGetValue(field.Name, out var shapeOfField) ? "Is not a field of this request."
                    : !present.Add(field.Name) ? "Appears more than once."
                    : shapeOfField.Describe(field.Value);
                if (problem is not null)
                {
                    (errors ??= new(StringComparer.Ordinal))[field.Name] = [problem];
                }
            }

            foreach (var required in shape.Required)
            {
                if (!present.Contains(required))
                {
                    (errors ??= new(StringComparer.Ordinal))[required] = ["Is required."];
                }
            }

            if (errors is not null)
            {
                return Error.Validation(errors);
            }

            try
            {
                return new JsonBody<T>(root.Deserialize(typeInfo)!, present);
            }
            catch (JsonException ex)
            {
                // The checks above catch the usual mistakes; this is the net for the rest (e.g. a number out of range).
                var field = ex.Path is { Length: > 2 } path ? path[2..] : "body";
                return Error.Validation(field, "Has a value this field cannot take.");
            }
        }
    }

    /// <summary>What a request type takes: its fields by wire name and the names it requires.</summary>
    private sealed class BodyShape(JsonTypeInfo typeInfo)
    {
        public Dictionary<string, FieldShape> Fields { get; } =
            typeInfo.Properties.ToDictionary(p => p.Name, p => new FieldShape(p), StringComparer.Ordinal);

        public string[] Required { get; } = typeInfo.Properties.Where(p => p.IsRequired).Select(p => p.Name).ToArray();
    }

    /// <summary>A field's type and whether it takes null, read once from its property.</summary>
    private sealed class FieldShape(JsonPropertyInfo property)
    {
        private readonly Type _type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        private readonly bool _nullable = !property.PropertyType.IsValueType ? property.IsSetNullable : Nullable.GetUnderlyingType(property.PropertyType) is not null;

        /// <summary>Why a JSON value does not fit the field, or <c>null</c> when it fits.</summary>
        public string? Describe(JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return _nullable ? null : "Must not be null.";
            }

            if (_type.IsEnum)
            {
                var allowed = WireEnum.Names(_type);
                return value.ValueKind == JsonValueKind.String && allowed.Contains(value.GetString()!, StringComparer.Ordinal)
                    ? null
                    : $"Must be one of: {string.Join(", ", allowed)}.";
            }

            return _type switch
            {
                _ when _type == typeof(string) => value.ValueKind == JsonValueKind.String ? null : "Must be a string.",
                _ when _type == typeof(Guid) => value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out _) ? null : "Must be a UUID.",
                _ when _type == typeof(decimal) => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out _) ? null : "Must be a number.",
                _ when _type == typeof(int) => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _) ? null : "Must be a whole number.",
                _ when _type == typeof(bool) => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "Must be true or false.",
                _ when _type == typeof(DateTimeOffset) => value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out _) ? null : "Must be an ISO 8601 date-time.",
                _ => null,
            };
        }
    }

    private static Error Malformed(string message) => new(ErrorCodes.MalformedJson, message, ErrorKind.Validation);
}
