using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MakCrm.Bench;

/// <summary>
/// The receiver of the webhook benchmarks: a minimal Kestrel endpoint on 127.0.0.1 (in the benchmark's process, no
/// logging) that checks every request as a Standard Webhooks consumer must — <c>webhook-id</c>,
/// <c>webhook-timestamp</c> within 5 minutes of now, and one of the <c>v1,</c> signatures in <c>webhook-signature</c>
/// equal to the base64 HMAC-SHA256 of <c>{id}.{timestamp}.{raw body}</c> under the <c>whsec_</c> secret's key,
/// compared in constant time — and answers 204 when it holds, 400 when it does not (so a bad signature also shows up as
/// a failed delivery in the API). It records when each message first arrived, with the id of the resource its event
/// carries (<c>data.id</c>), for the latencies.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    public const string Path = "/hooks";
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Arrival> _arrivals = new(StringComparer.Ordinal);
    private byte[] _key = [];
    private long _verified;
    private long _failedSignatures;
    private long _repeats;
    private string? _firstFailure;

    /// <summary>When a message first arrived (<see cref="Stopwatch.GetTimestamp"/>), and the id of the resource its event carries.</summary>
    public sealed record Arrival(long Timestamp, string? ResourceId);

    private WebhookReceiver(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public string Url => new Uri(BaseUrl, Path).ToString();

    /// <summary>Requests whose signature held (repeats included).</summary>
    public long Verified => Interlocked.Read(ref _verified);

    /// <summary>Requests refused: no or a wrong signature, a stale timestamp, missing headers.</summary>
    public long FailedSignatures => Interlocked.Read(ref _failedSignatures);

    /// <summary>Verified requests of a message that had arrived before (at-least-once delivery's repeats).</summary>
    public long Repeats => Interlocked.Read(ref _repeats);

    public string? FirstFailure => _firstFailure;

    public IReadOnlyDictionary<string, Arrival> Arrivals => _arrivals;

    /// <summary>Distinct messages received and verified.</summary>
    public int Distinct => _arrivals.Count;

    /// <summary>The subscription's secret (<c>whsec_...</c>), known once the subscription is made.</summary>
    public void UseSecret(string secret) =>
        _key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret);

    public byte[] Key => _key;

    public void Reset()
    {
        _arrivals.Clear();
        Interlocked.Exchange(ref _verified, 0);
        Interlocked.Exchange(ref _failedSignatures, 0);
        Interlocked.Exchange(ref _repeats, 0);
        _firstFailure = null;
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var baseUrl = ServerProcess.FreeLoopbackUrl();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(baseUrl.ToString().TrimEnd('/'));
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1 << 20);
        builder.Services.Configure<KestrelServerOptions>(k => k.AddServerHeader = false);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, baseUrl);
        app.MapPost(Path, receiver.ReceiveAsync);
        await app.StartAsync();
        return receiver;
    }

    private async Task ReceiveAsync(HttpContext http)
    {
        var body = await ReadBodyAsync(http.Request);
        var headers = http.Request.Headers;
        var failure = Check(headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(), headers["webhook-signature"].ToString(), body);
        if (failure is not null)
        {
            Interlocked.Increment(ref _failedSignatures);
            Interlocked.CompareExchange(ref _firstFailure, failure, null);
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var arrived = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _verified);
        if (!_arrivals.TryAdd(headers["webhook-id"].ToString(), new Arrival(arrived, ResourceId(body))))
        {
            Interlocked.Increment(ref _repeats);
        }

        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>Why the request is not a genuine Standard Webhooks message under the secret; null when it is.</summary>
    public string? Check(string id, string timestamp, string signatures, ReadOnlySpan<byte> body)
    {
        if (id.Length == 0 || timestamp.Length == 0 || signatures.Length == 0)
        {
            return "missing webhook-id, webhook-timestamp or webhook-signature";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
        {
            return $"webhook-timestamp {timestamp} is not within {Tolerance.TotalMinutes:0} minutes of now";
        }

        Span<byte> expected = stackalloc byte[32];
        var signed = Sign(_key, id, timestamp, body, expected);
        Span<byte> given = stackalloc byte[64];
        foreach (var part in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("v1,", StringComparison.Ordinal)
                && Convert.TryFromBase64String(part[3..], given, out var written)
                && written == signed
                && CryptographicOperations.FixedTimeEquals(given[..written], expected))
            {
                return null;
            }
        }

        return $"no v1 signature of message {id} matches";
    }

    /// <summary>HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>; the bytes written.</summary>
    public static int Sign(byte[] key, string id, string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var content = ArrayPool<byte>.Shared.Rent(prefix.Length + body.Length);
        try
        {
            prefix.CopyTo(content, 0);
            body.CopyTo(content.AsSpan(prefix.Length));
            return HMACSHA256.HashData(key, content.AsSpan(0, prefix.Length + body.Length), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(content);
        }
    }

    /// <summary>The <c>webhook-signature</c> header for a message, as a sender computes it.</summary>
    public static string Signature(byte[] key, string id, string timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[32];
        Sign(key, id, timestamp, body, hash);
        return "v1," + Convert.ToBase64String(hash);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream(request.ContentLength is { } length and < 1 << 20 ? (int)length : 1024);
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    /// <summary><c>data.id</c> of the event in the body (the resource's id), if any.</summary>
    public static string? ResourceId(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        var depth = 0;
        var inData = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    depth++;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    depth--;
                    if (inData && depth == 1)
                    {
                        return null;
                    }

                    break;
                case JsonTokenType.PropertyName when depth == 1 && reader.ValueTextEquals("data"u8):
                    inData = true;
                    break;
                case JsonTokenType.PropertyName when depth == 2 && inData && reader.ValueTextEquals("id"u8):
                    reader.Read();
                    return reader.GetString();
                case JsonTokenType.PropertyName when depth == 1:
                    inData = false;
                    break;
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
