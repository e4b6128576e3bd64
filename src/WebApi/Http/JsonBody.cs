using System.Buffers;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MakCrm.Domain.Common;

namespace MakCrm.WebApi.Http;

/// <summary>A request body read as <typeparamref name="T"/>, with the names of the fields that were present (for merge
/// patches).</summary>
public sealed record JsonBody<T>(T Value, IReadOnlySet<string> Present)
{
    public bool Has(string field) => Present.Contains(field);

    /// <summary>The field as a merge-patch value: absent, or present with its value (which may be null).</summary>
    public Patch<TField> Field<TField>(string field, TField value) =>
        Has(field) ? Patch<TField>.Of(value) : Patch<TField>.Absent;
}

/// <summary>
/// Reads JSON request bodies so that every way a body can be wrong is a clear 4xx problem: not JSON (415), not
/// well-formed or not UTF-8 (<c>malformed_json</c>), or well-formed but not what the operation takes — unknown fields,
/// missing required fields, nulls where a value is required (inside arrays too), wrong types, unknown enum values,
/// text with U+0000 or that is not Unicode (a lone or reversed UTF-16 surrogate escape, <c>"\ud800"</c>) — as
/// per-field errors (<c>validation_failed</c>), at any depth (<c>triggers[0].kind</c>). Bodies over the size limit
/// surface from Kestrel as 413 through the exception handler.
/// </summary>
public static class JsonBodyReader
{
    private static readonly ConditionalWeakTable<JsonTypeInfo, ObjectShape> Shapes = new();

    public static async Task<Result<JsonBody<T>>> ReadAsync<T>(
        HttpRequest request,
        JsonSerializerOptions options,
        CancellationToken cancellationToken
    )
    {
        if (!IsJson(request))
        {
            return new Error(
                ErrorCodes.UnsupportedMediaType,
                "Send the body as JSON (Content-Type: application/json).",
                ErrorKind.UnsupportedMediaType
            );
        }

        // The whole body, straight from Kestrel's buffers (at most MaxRequestBodySize, else 413): a JSON document
        // parsed
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
        && (
            (
                type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
                && (type.Length == 16 || type[16] == ';')
            ) || request.HasJsonContentType()
        );

    private static Result<JsonBody<T>> Read<T>(ReadOnlySequence<byte> utf8Json, JsonSerializerOptions options)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = options.MaxDepth });
        }
        catch (JsonException ex)
        {
            return Malformed(
                $"The body is not well-formed JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})."
            );
        }

        using (document)
        {
            return ReadElement<T>(document.RootElement, options, MayHoldUnstorableText(utf8Json));
        }
    }

    /// <summary>
    /// Reads one JSON object with every check a body gets (unknown fields, required fields, types, nulls, text), for
    /// a request whose items are checked one by one (a batch: a bad item is that item's problem, not the batch's).
    /// </summary>
    public static Result<JsonBody<T>> ReadElement<T>(JsonElement root, JsonSerializerOptions options) =>
        ReadElement<T>(root, options, mayHoldUnstorableText: true);

    private static Result<JsonBody<T>> ReadElement<T>(
        JsonElement root,
        JsonSerializerOptions options,
        bool mayHoldUnstorableText
    )
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Malformed("The body must be a JSON object.");
        }

        try
        {
            // Every name and string must be text PostgreSQL can store and .NET can read: no U+0000, no UTF-16
            // surrogate that is not half of a pair. Both can only arrive escaped (raw bytes that are not UTF-8 are
            // malformed JSON), so the body's bytes are searched for such escapes first and the document walked only
            // when there is one. Nothing else reads a string before this check.
            if (mayHoldUnstorableText && UnstorableText.Find(root) is { } unstorable)
            {
                return Error.Validation(unstorable.Path, unstorable.Message);
            }

            var typeInfo = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            var errors = new FieldErrors();
            var present = ObjectShape.For(typeInfo).Check(root, "", errors);
            if (errors.Any)
            {
                return errors.ToError();
            }

            return new JsonBody<T>(root.Deserialize(typeInfo)!, present);
        }
        catch (JsonException ex)
        {
            // The checks above catch the usual mistakes; this is the net for the rest (e.g. a number out of range).
            var field = ex.Path is { Length: > 2 } jsonPath ? jsonPath[2..] : "body";
            return Error.Validation(field, "Has a value this field cannot take.");
        }
        catch (InvalidOperationException ex) when (ex.InnerException is DecoderFallbackException)
        {
            // The parser checks the structure; a name or a string's bytes are decoded only when read.
            return Malformed("The body is not valid UTF-8.");
        }
    }

    /// <summary>
    /// Whether the body holds an escape of U+0000 (<c>\u0000</c>) or of a UTF-16 surrogate (<c>\uD800</c> to
    /// <c>\uDFFF</c>), the only ways to write text that is not storable; a false alarm (an escaped backslash before
    /// <c>u0000</c>) only costs a walk of the document.
    /// </summary>
    private static bool MayHoldUnstorableText(ReadOnlySequence<byte> utf8Json)
    {
        var reader = new SequenceReader<byte>(utf8Json);
        Span<byte> escape = stackalloc byte[5];
        while (reader.TryAdvanceTo((byte)'\\'))
        {
            if (reader.TryCopyTo(escape) && escape[0] == 'u' && IsNulOrSurrogate(escape[1..]))
            {
                return true;
            }
        }

        return false;
    }

    // The four hex digits of an escape: 0000, or a surrogate's code unit (D800 to DFFF).
    private static bool IsNulOrSurrogate(ReadOnlySpan<byte> hex) =>
        hex is [(byte)'0', (byte)'0', (byte)'0', (byte)'0']
        || (hex[0] is (byte)'d' or (byte)'D' && "89abcdefABCDEF"u8.Contains(hex[1]));

    /// <summary>Per-field errors under the paths of the fields (<c>consent.givenAt</c>, <c>triggers[0]</c>).</summary>
    private sealed class FieldErrors
    {
        private Dictionary<string, string[]>? _errors;

        public bool Any => _errors is not null;

        public void Add(string path, string message)
        {
            _errors ??= new(StringComparer.Ordinal);
            _errors[path] = _errors.TryGetValue(path, out var earlier) ? [.. earlier, message] : [message];
        }

        public Error ToError() => Error.Validation(_errors!);
    }

    /// <summary>
    /// What an object of a request type takes: its fields by wire name, the names it requires, and each field's shape,
    /// made once per type (its JsonTypeInfo lives as long as the serializer options).
    /// </summary>
    private sealed class ObjectShape
    {
        private readonly Dictionary<string, ValueShape> _fields;
        private readonly string[] _required;

        private ObjectShape(JsonTypeInfo typeInfo)
        {
            _fields = typeInfo.Properties.ToDictionary(
                p => p.Name,
                p => ValueShape.Of(p, typeInfo.Options),
                StringComparer.Ordinal
            );
            _required = typeInfo.Properties.Where(p => p.IsRequired).Select(p => p.Name).ToArray();
        }

        public static ObjectShape For(JsonTypeInfo typeInfo) =>
            Shapes.GetValue(typeInfo, info => new ObjectShape(info));

        /// <summary>Adds an error for every field of <paramref name="value"/> that does not fit; returns the names
        /// present.</summary>
        public HashSet<string> Check(JsonElement value, string path, FieldErrors errors)
        {
            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var field in value.EnumerateObject())
            {
                var fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
                if (!_fields.TryGetValue(field.Name, out var shape))
                {
                    errors.Add(fieldPath, "Is not a field of this request.");
                }
                else if (!present.Add(field.Name))
                {
                    errors.Add(fieldPath, "Appears more than once.");
                }
                else
                {
                    shape.Check(field.Value, fieldPath, errors);
                }
            }

            foreach (var required in _required)
            {
                if (!present.Contains(required))
                {
                    errors.Add(path.Length == 0 ? required : $"{path}.{required}", "Is required.");
                }
            }

            return present;
        }
    }

    /// <summary>
    /// The JSON a .NET type takes, read once from its declaration: its kind, whether it takes null (nullable
    /// annotations included, also on an array's elements), and for objects and arrays the shapes of their members.
    /// </summary>
    private sealed class ValueShape
    {
        private readonly Type _type;
        private readonly bool _nullable;
        private readonly JsonSerializerOptions _options;
        private readonly NullabilityInfo? _nullability;
        private readonly Lazy<ValueShape?> _elements;

        private ValueShape(Type type, bool nullable, JsonSerializerOptions options, NullabilityInfo? nullability)
        {
            _type = Nullable.GetUnderlyingType(type) ?? type;
            _nullable = nullable;
            _options = options;
            _nullability = nullability;
            _elements = new Lazy<ValueShape?>(ElementShape);
        }

        public static ValueShape Of(JsonPropertyInfo property, JsonSerializerOptions options)
        {
            var nullable = !property.PropertyType.IsValueType
                ? property.IsSetNullable
                : Nullable.GetUnderlyingType(property.PropertyType) is not null;
            var nullability = property.AttributeProvider switch
            {
                PropertyInfo info => new NullabilityInfoContext().Create(info),
                FieldInfo info => new NullabilityInfoContext().Create(info),
                _ => null,
            };
            return new ValueShape(property.PropertyType, nullable, options, nullability);
        }

        /// <summary>Adds an error when <paramref name="value"/> does not fit (for objects and arrays, one per member
        /// that does not).</summary>
        public void Check(JsonElement value, string path, FieldErrors errors)
        {
            if (Problem(value) is { } problem)
            {
                errors.Add(path, problem);
            }
            else
            {
                CheckMembers(value, path, errors);
            }
        }

        // Why the value does not fit, or null when it does (null fits a nullable type).
        private string? Problem(JsonElement value) =>
            value.ValueKind == JsonValueKind.Null ? (_nullable ? null : "Must not be null.") : Describe(value);

        // An array's elements and an object's fields, once the value's own kind fits. A problem with an element itself
        // is
        // the array's field error naming the index (tags: "At index 1: must not be null."); an object element's own
        // fields are named by their paths (triggers[0].kind).
        private void CheckMembers(JsonElement value, string path, FieldErrors errors)
        {
            if (value.ValueKind == JsonValueKind.Array && _elements.Value is { } elements)
            {
                var index = 0;
                foreach (var element in value.EnumerateArray())
                {
                    if (elements.Problem(element) is { } problem)
                    {
                        errors.Add(path, $"At index {index}: {char.ToLowerInvariant(problem[0])}{problem[1..]}");
                    }
                    else
                    {
                        elements.CheckMembers(element, $"{path}[{index}]", errors);
                    }

                    index++;
                }
            }
            else if (value.ValueKind == JsonValueKind.Object && ObjectTypeInfo() is { } objectType)
            {
                ObjectShape.For(objectType).Check(value, path, errors);
            }
        }

        /// <summary>Why a JSON value (not null) does not fit the type, or <c>null</c> when its kind fits.</summary>
        private string? Describe(JsonElement value)
        {
            if (_type.IsEnum)
            {
                var allowed = SnakeCaseNames.All(_type);
                return
                    value.ValueKind == JsonValueKind.String
                    && allowed.Contains(value.GetString()!, StringComparer.Ordinal)
                    ? null
                    : $"Must be one of: {string.Join(", ", allowed)}.";
            }

            return _type switch
            {
                _ when _type == typeof(string) => value.ValueKind == JsonValueKind.String ? null : "Must be a string.",
                _ when _type == typeof(Guid) => value.ValueKind == JsonValueKind.String
                && Guid.TryParse(value.GetString(), out _)
                    ? null
                    : "Must be a UUID.",
                _ when _type == typeof(decimal) => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out _)
                    ? null
                    : "Must be a number.",
                _ when _type == typeof(int) => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _)
                    ? null
                    : "Must be a whole number.",
                _ when _type == typeof(bool) => value.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? null
                    : "Must be true or false.",
                _ when _type == typeof(DateTimeOffset) => value.ValueKind == JsonValueKind.String
                && value.TryGetDateTimeOffset(out _)
                    ? null
                    : "Must be an ISO 8601 date-time.",
                _ when _type == typeof(DateOnly) => value.ValueKind == JsonValueKind.String
                && DateOnly.TryParseExact(
                    value.GetString(),
                    "yyyy-MM-dd",
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.None,
                    out _
                )
                    ? null
                    : "Must be a date, YYYY-MM-DD.",
                _ when _elements.Value is not null => value.ValueKind == JsonValueKind.Array
                    ? null
                    : "Must be an array.",
                _ when ObjectTypeInfo() is not null => value.ValueKind == JsonValueKind.Object
                    ? null
                    : "Must be an object.",
                _ => null,
            };
        }

        // A request type of our own (a record with properties), not a primitive, a collection or a free-form JSON
        // value.
        private JsonTypeInfo? ObjectTypeInfo() =>
            _type.IsPrimitive
            || _type == typeof(JsonElement)
            || _type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true
                ? null
            : _options.GetTypeInfo(_type) is { Kind: JsonTypeInfoKind.Object } info ? info
            : null;

        // An array's elements: their type, and null only where the element type says so (int?, string?).
        private ValueShape? ElementShape()
        {
            if (
                _type == typeof(string)
                || _options.GetTypeInfo(_type)
                    is not { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } elementType }
            )
            {
                return null;
            }

            var elementNullability = _nullability?.ElementType ?? _nullability?.GenericTypeArguments.FirstOrDefault();
            var nullable = elementType.IsValueType
                ? Nullable.GetUnderlyingType(elementType) is not null
                : elementNullability?.ReadState == NullabilityState.Nullable;
            return new ValueShape(elementType, nullable, _options, elementNullability);
        }
    }

    /// <summary>
    /// Finds a property name or a string value anywhere in a document that cannot be stored: one with U+0000, or one
    /// that is not Unicode (its escapes leave a UTF-16 surrogate without its other half, which the reader refuses to
    /// decode).
    /// </summary>
    private static class UnstorableText
    {
        /// <summary>The first such text, by the path of its field, and why; <c>null</c> when there is none.</summary>
        public static (string Path, string Message)? Find(JsonElement element, string path = "")
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    return !TryRead(element, out var text) ? (Named(path), RequestText.NotUnicodeMessage)
                        : text.Contains('\0', StringComparison.Ordinal) ? (Named(path), RequestText.NulMessage)
                        : null;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (!TryRead(property, out var name))
                        {
                            // A name that is no text is named by the object it is in.
                            return (Named(path), RequestText.NotUnicodeMessage);
                        }

                        var propertyPath = path.Length == 0 ? name : $"{path}.{name}";
                        if (name.Contains('\0', StringComparison.Ordinal))
                        {
                            return (propertyPath, RequestText.NulMessage);
                        }

                        if (Find(property.Value, propertyPath) is { } found)
                        {
                            return found;
                        }
                    }

                    return null;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        if (Find(item, $"{path}[{index++}]") is { } found)
                        {
                            return found;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        // The reader throws InvalidOperationException for an unpaired surrogate escape; bytes that are not UTF-8 (with
        // an inner DecoderFallbackException) are malformed JSON, which the caller answers.
        private static bool TryRead(JsonElement value, out string text)
        {
            try
            {
                text = value.GetString()!;
                return true;
            }
            catch (InvalidOperationException ex) when (ex.InnerException is null)
            {
                text = "";
                return false;
            }
        }

        private static bool TryRead(JsonProperty property, out string name)
        {
            try
            {
                name = property.Name;
                return true;
            }
            catch (InvalidOperationException ex) when (ex.InnerException is null)
            {
                name = "";
                return false;
            }
        }

        private static string Named(string path) => path.Length == 0 ? "body" : path;
    }

    private static Error Malformed(string message) => new(ErrorCodes.MalformedJson, message, ErrorKind.Validation);
}
