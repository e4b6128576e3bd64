using System.Buffers;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace MakCrm.WebApi.Http;

/// <summary>
/// Writes every JSON answer the endpoints give (<see cref="JsonOk{T}"/>, <see cref="JsonCreated{T}"/>,
/// <see cref="JsonAccepted{T}"/>, <see cref="JsonWithStatus{T}"/>): the value is serialized synchronously into a pooled
/// buffer, then sent once with its
/// <c>Content-Length</c>. The framework's results serialize with the resumable serializer straight into the response's
/// pipe, checking after every element whether to flush: the slower of the serializer's two paths, and an answer that
/// goes out chunked, its last empty chunk only after the rest of the pipeline (the access log) has run.
/// </summary>
public static class JsonAnswer
{
    public const string ContentType = "application/json; charset=utf-8";

    private static readonly string[] ContentTypes = ["application/json"];

    public static JsonOk<T> Ok<T>(T value) => new(value);

    public static JsonCreated<T> Created<T>(string? location, T value) => new(location, value);

    public static JsonAccepted<T> Accepted<T>(string? location, T value) => new(location, value);

    /// <summary>A status known only at run time (a 207 of a batch, an OAuth error's 400 or 401); the endpoint declares
    /// it.</summary>
    public static JsonWithStatus<T> WithStatus<T>(int statusCode, T value) => new(statusCode, value);

    internal static async Task WriteAsync<T>(HttpContext http, int status, T value)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var buffer = new PooledBuffer();
        try
        {
            Serialize(buffer, value, options);
            var response = http.Response;
            response.StatusCode = status;
            response.ContentType = ContentType;
            response.ContentLength = buffer.WrittenCount;
            await response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>
    /// The type the value is written as follows the framework's rule: the declared type's contract, unless the value is
    /// of a derived type and the declared type is not polymorphic, then the value's own.
    /// </summary>
    private static void Serialize<T>(PooledBuffer buffer, T value, JsonSerializerOptions options)
    {
        var declared = options.GetTypeInfo(typeof(T));
        var runtimeType = value?.GetType();
        var typeInfo =
            runtimeType is null || runtimeType == declared.Type || declared.PolymorphismOptions is not null
                ? declared
                : options.GetTypeInfo(runtimeType);
        using var writer = new Utf8JsonWriter(
            buffer,
            new JsonWriterOptions
            {
                Encoder = options.Encoder,
                Indented = options.WriteIndented,
                MaxDepth = options.MaxDepth,
                SkipValidation = true,
            }
        );
        JsonSerializer.Serialize(writer, value, typeInfo);
    }

    internal static void Produces<T>(EndpointBuilder builder, int status) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(T), ContentTypes));

    /// <summary>A growing buffer of arrays rented from the shared pool, returned when the answer has been
    /// sent.</summary>
    private sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
    {
        private byte[] _array = ArrayPool<byte>.Shared.Rent(4096);

        public int WrittenCount { get; private set; }

        public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, WrittenCount);

        public void Advance(int count) => WrittenCount += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Grow(sizeHint);
            return _array.AsMemory(WrittenCount);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Grow(sizeHint);
            return _array.AsSpan(WrittenCount);
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
        }

        private void Grow(int sizeHint)
        {
            var needed = WrittenCount + Math.Max(sizeHint, 1);
            if (needed <= _array.Length)
            {
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _array.Length * 2));
            _array.AsSpan(0, WrittenCount).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = larger;
        }
    }
}

/// <summary>A status, an optional <c>Location</c> and a value as JSON, written by <see cref="JsonAnswer"/>.</summary>
public abstract class JsonAnswer<T>(int statusCode, string? location, T value)
    : IResult,
        IStatusCodeHttpResult,
        IValueHttpResult,
        IValueHttpResult<T>,
        IContentTypeHttpResult
{
    public T Value { get; } = value;

    public string? Location { get; } = location;

    object? IValueHttpResult.Value => Value;

    public int StatusCode { get; } = statusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string ContentType => JsonAnswer.ContentType;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (!string.IsNullOrEmpty(Location))
        {
            httpContext.Response.Headers.Location = Location;
        }

        return JsonAnswer.WriteAsync(httpContext, StatusCode, Value);
    }
}

/// <summary>200 with the value.</summary>
public sealed class JsonOk<T>(T value) : JsonAnswer<T>(StatusCodes.Status200OK, null, value), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        JsonAnswer.Produces<T>(builder, StatusCodes.Status200OK);
}

/// <summary>201 with, when it has an address of its own, the created resource's <c>Location</c>, and the
/// value.</summary>
public sealed class JsonCreated<T>(string? location, T value)
    : JsonAnswer<T>(StatusCodes.Status201Created, location, value),
        IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        JsonAnswer.Produces<T>(builder, StatusCodes.Status201Created);
}

/// <summary>202 with, when there is one, the <c>Location</c> to follow the work at, and the value.</summary>
public sealed class JsonAccepted<T>(string? location, T value)
    : JsonAnswer<T>(StatusCodes.Status202Accepted, location, value),
        IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        JsonAnswer.Produces<T>(builder, StatusCodes.Status202Accepted);
}

/// <summary>Any status with the value; unlike the others it adds nothing to the endpoint's metadata.</summary>
public sealed class JsonWithStatus<T>(int statusCode, T value) : JsonAnswer<T>(statusCode, null, value);
