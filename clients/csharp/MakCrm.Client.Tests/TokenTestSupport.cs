using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MakCrm.Client.Tests;

/// <summary>A clock that stands still until a test moves it.</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>One request to /connect/token or /connect/revoke as it went on the wire, and the answer.</summary>
internal sealed record TokenExchange(string Path, IReadOnlyDictionary<string, string> Form, string? Authorization, int Status, JsonObject? Answer)
{
    public string? GrantType => Form.GetValueOrDefault("grant_type");

    public string? IssuedAccessToken => Answer?["access_token"]?.GetValue<string>();

    public string? IssuedRefreshToken => Answer?["refresh_token"]?.GetValue<string>();
}

/// <summary>
/// The connection of a token provider to the real server, recording every exchange (so that a test can see the
/// grants used and the refresh tokens issued without the SDK ever exposing them).
/// </summary>
internal sealed class TokenEndpointRecorder() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<TokenExchange> _exchanges = new();

    public IReadOnlyList<TokenExchange> Exchanges => [.. _exchanges];

    public IReadOnlyList<TokenExchange> Grants => [.. _exchanges.Where(e => e.Path == "/connect/token")];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        _exchanges.Enqueue(new TokenExchange(
            request.RequestUri!.AbsolutePath,
            ParseForm(body),
            request.Headers.Authorization?.ToString(),
            (int)response.StatusCode,
            answer.Length > 0 ? JsonNode.Parse(answer) as JsonObject : null));
        return response;
    }

    private static Dictionary<string, string> ParseForm(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(
                pair => WebUtility.UrlDecode(pair[0]),
                pair => WebUtility.UrlDecode(pair.Length > 1 ? pair[1] : ""),
                StringComparer.Ordinal);
}

/// <summary>One request of the SDK to /api/v1 as it left the token handler, and the status it got.</summary>
internal sealed record ApiExchange(HttpMethod Method, string Path, string? BearerToken, HttpStatusCode Status);

/// <summary>
/// The connection between a <see cref="MakCrmTokenHandler"/> and the real server: records every API request and can
/// spoil the token of chosen ones, so that the server answers 401 to a token the handler believes fresh.
/// </summary>
internal sealed class ApiRecorder : DelegatingHandler
{
    private readonly ConcurrentQueue<ApiExchange> _exchanges = new();
    private int _sent;

    public ApiRecorder(Func<int, bool>? spoil = null)
        : base(new SocketsHttpHandler())
    {
        Spoil = spoil ?? (_ => false);
    }

    /// <summary>Given the 1-based number of a request, whether to send it with a token the server will refuse.</summary>
    public Func<int, bool> Spoil { get; }

    public IReadOnlyList<ApiExchange> Exchanges => [.. _exchanges];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Spoil(Interlocked.Increment(ref _sent)) && request.Headers.Authorization is { Parameter: { } token })
        {
            // Same header and claims, another signature: what a revoked signing key looks like to the server.
            request.Headers.Authorization = new("Bearer", token[..token.LastIndexOf('.')] + ".c2lnbmF0dXJl");
        }

        var response = await base.SendAsync(request, cancellationToken);
        _exchanges.Enqueue(new ApiExchange(request.Method, request.RequestUri!.AbsolutePath, request.Headers.Authorization?.Parameter, response.StatusCode));
        return response;
    }
}

internal static class Jwts
{
    public static JsonObject Header(string jwt) => Part(jwt, 0);

    public static JsonObject Claims(string jwt) => Part(jwt, 1);

    private static JsonObject Part(string jwt, int index) =>
        JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(jwt.Split('.')[index])))!.AsObject();
}

internal static class JsonNodes
{
    public static string? String(this JsonObject json, string name) =>
        json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
