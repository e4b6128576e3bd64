using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Testing;

/// <summary>
/// Records every answer of a test server — the request's method and path, the operation (the endpoint's name, which
/// is the contract's operationId), the status, the content type and, for JSON, the body — as one JSON line each in a
/// file of <c>MAK_EXCHANGES_DIR</c>, which <c>./mak test</c> sets. After the tests it validates all of them against
/// api-spec/openapi.yaml with a validator that is not ours (tools/contract-check, on ajv), so that no answer of any
/// test drifts from the contract unnoticed. Without the variable nothing is recorded.
/// </summary>
public static class ExchangeRecorder
{
    public const string DirectoryVariable = "MAK_EXCHANGES_DIR";

    /// <summary>The setting of a test server made to fail on purpose, whose answers are not recorded.</summary>
    public const string FailsOnPurposeSetting = "Tests:FailsOnPurpose";

    /// <summary>A JSON body longer than this is recorded as truncated (and not validated).</summary>
    private const int MaxBody = 8 * 1024 * 1024;

    private static readonly Lazy<Stream?> File = new(Open);
    private static readonly Lock Gate = new();

    // Text as it is (a body's Cyrillic would otherwise take six bytes a letter); the file is read by a JSON parser
    // only.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static bool Enabled => Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 };

    /// <summary>Puts the recorder in front of the whole pipeline of a test server, when recording is on.</summary>
    public static void AddTo(IServiceCollection services)
    {
        if (Enabled)
        {
            services.AddSingleton<IStartupFilter, RecordingStartup>();
        }
    }

    private sealed class RecordingStartup : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
            app =>
            {
                app.Use(RecordAsync);
                next(app);
            };
    }

    private static async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        await using var capture = new CapturingStream(original, context.Response);
        context.Response.Body = capture;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
            Write(context, capture);
        }
    }

    private static void Write(HttpContext context, CapturingStream capture)
    {
        // A request its client gave up on (the server's 499) was answered to no one: there is nothing to check.
        if (File.Value is not { } file || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        var line = new MemoryStream();
        using (var json = new Utf8JsonWriter(line, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("source", "dotnet");
            json.WriteString("method", context.Request.Method);
            json.WriteString("path", context.Request.Path.Value);
            json.WriteString(
                "operationId",
                context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
            );
            json.WriteNumber("status", context.Response.StatusCode);
            json.WriteString("contentType", context.Response.ContentType);
            json.WriteBoolean("hasBody", capture.Written > 0);
            json.WriteBoolean("truncated", capture.Truncated);
            if (capture.Captured is { } body && !capture.Truncated)
            {
                json.WriteString("body", Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length));
            }

            json.WriteEndObject();
        }

        line.WriteByte((byte)'\n');
        lock (Gate)
        {
            file.Write(line.GetBuffer(), 0, (int)line.Length);
            file.Flush();
        }
    }

    private static FileStream? Open()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is not { Length: > 0 } directory)
        {
            return null;
        }

        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"dotnet-{Environment.ProcessId}-{Guid.NewGuid():N}.jsonl");
        return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
    }

    /// <summary>
    /// The response body on its way to the client, with a copy of it kept when it is JSON (decided at the first write,
    /// when the content type is set; a stream of server-sent events is passed through untouched).
    /// </summary>
    private sealed class CapturingStream(Stream inner, HttpResponse response) : Stream
    {
        private bool _decided;

        public MemoryStream? Captured { get; private set; }

        public long Written { get; private set; }

        public bool Truncated { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Keep(buffer);
            inner.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            if (!_decided)
            {
                _decided = true;
                var type = response.ContentType ?? "";
                Captured = type.Contains("json", StringComparison.OrdinalIgnoreCase) ? new MemoryStream() : null;
            }

            Written += bytes.Length;
            if (Captured is null || Truncated)
            {
                return;
            }

            if (Captured.Length + bytes.Length > MaxBody)
            {
                Truncated = true;
                Captured = null;
                return;
            }

            Captured.Write(bytes);
        }
    }
}
