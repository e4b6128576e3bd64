using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Idempotency;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.OpenApi;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace MakCrm.WebApi.Http;

/// <summary>
/// <c>Idempotency-Key</c>, with Stripe's semantics, for exactly the operations whose contract declares the shared
/// <c>IdempotencyKey</c> parameter (every operation that creates something): the same key and the same request (method,
/// path, query, media type, body) by the same caller within the retention replays the first answer (status, body,
/// <c>Location</c>, <c>ETag</c>, <c>Content-Type</c>) with <c>Idempotent-Replayed: true</c>; the same key with another
/// request is 422 <c>idempotency_key_reused</c>; a request while the first is still running is 409
/// <c>idempotency_key_in_use</c> with <c>Retry-After</c>. A key over 255 characters or with characters outside visible
/// ASCII is 400 <c>idempotency_key_invalid</c>; a key sent to another operation of the contract is 400
/// <c>idempotency_key_not_accepted</c>. An empty header is no key. Keys are the caller's: scoped to the user or the
/// API client, and to <c>anonymous</c> for anonymous operations (registration).
/// <para>
/// Stored are the answers the operation gave — 2xx and 4xx — except 401, 403 and 429, which say nothing about the
/// request (a retry with a fresh token, a granted permission or a new quota should run); a 5xx or an exception lets
/// the key go, so a retry runs again. The store (<see cref="IdempotencyStore"/>) and the unit of work decide who runs
/// a key and commit it with the request's change and answer (ADR 0034).
/// </para>
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    // The answer's headers a replay repeats; the rest (rate limits, security headers) are the retry's own.
    private static readonly string[] ReplayedHeaders =
    [
        HeaderNames.Location,
        HeaderNames.ETag,
        HeaderNames.ContentType,
    ];

    /// <summary>
    /// After authentication, authorization, rate limits and the query check (none of their refusals claims a key or
    /// is stored), before the endpoint.
    /// </summary>
    public static IApplicationBuilder UseIdempotency(this IApplicationBuilder app)
    {
        var operations = Operations(ContractDocument.Json);
        var store = app.ApplicationServices.GetRequiredService<IdempotencyStore>();
        return app.Use(
            (context, next) =>
                context.Request.Headers.TryGetValue(Header, out var values)
                && !StringValues.IsNullOrEmpty(values)
                && context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>() is { } name
                && operations.TryGetValue(name.EndpointName, out var takesKey)
                    ? RunAsync(context, next, store, values, takesKey)
                    : next(context)
        );
    }

    private static async Task RunAsync(
        HttpContext context,
        RequestDelegate next,
        IdempotencyStore store,
        StringValues values,
        bool takesKey
    )
    {
        if (!takesKey)
        {
            await Refuse(
                context,
                new Error(
                    ErrorCodes.IdempotencyKeyNotAccepted,
                    "This operation does not create anything and takes no Idempotency-Key; send the request without "
                        + "it.",
                    ErrorKind.Validation
                )
            );
            return;
        }

        if (values.Count != 1 || !IsValid(values[0]!))
        {
            await Refuse(
                context,
                new Error(
                    ErrorCodes.IdempotencyKeyInvalid,
                    $"Send one Idempotency-Key of 1 to {IdempotencyStore.MaxKeyLength} visible ASCII characters, "
                        + $"e.g. a UUID.",
                    ErrorKind.Validation
                )
            );
            return;
        }

        var request = context.RequestServices.GetRequiredService<IdempotentRequest>();
        var key = new IdempotencyKey(
            ScopeOf(context.User),
            values[0]!,
            await HashAsync(context.Request),
            Problems.TraceIdOf(context)
        );
        request.Begin(key);
        context.Features.Set(request);
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch (IdempotencyKeyTakenException taken)
        {
            context.Response.Body = original;
            context.Response.Clear();
            await AnswerAsync(context, taken.Outcome);
            return;
        }
        catch
        {
            context.Response.Body = original;
            await request.RollbackAsync();
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        var status = context.Response.StatusCode;
        if (!await StoreAsync(context, request, store, status, buffer))
        {
            return;
        }

        if (request.Replayed)
        {
            context.Response.Headers[ReplayedHeader] = "true";
        }

        if (buffer.Length > 0 && context.Response.ContentLength is null)
        {
            context.Response.ContentLength = buffer.Length;
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>
    /// Stores the answer before it is sent: with the commit of the request's transaction when a unit of work claimed
    /// the
    /// key; not at all when the operation's own batch stored it (the bid); with its claim in one statement when the
    /// request claimed nothing (refused before it wrote anything). An answer that is not stored rolls the transaction
    /// back, claim and all. False when the key turned out to be another request's, whose outcome was answered instead.
    /// </summary>
    private static async Task<bool> StoreAsync(
        HttpContext context,
        IdempotentRequest request,
        IdempotencyStore store,
        int status,
        MemoryStream buffer
    )
    {
        if (!IsStored(status))
        {
            await request.RollbackAsync();
            return true;
        }

        if (request.ClaimedByBatch)
        {
            return true;
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in ReplayedHeaders)
        {
            if (context.Response.Headers.TryGetValue(name, out var value) && !StringValues.IsNullOrEmpty(value))
            {
                headers[name] = value.ToString();
            }
        }

        if (request.Claimed)
        {
            try
            {
                await request.CommitWithAnswerAsync(store, status, headers, buffer.ToArray(), CancellationToken.None);
            }
            catch
            {
                await request.RollbackAsync();
                throw;
            }

            return true;
        }

        if (
            await store.StoreAnsweredAsync(request.Key!, status, headers, buffer.ToArray(), CancellationToken.None)
                is not { } taken
            || taken is IdempotencyOutcome.AnsweredByReference
        )
        {
            // Stored; or the key holds an answer only its operation renders, and this refusal, which wrote nothing, is
            // sent.
            return true;
        }

        context.Response.Clear();
        await AnswerAsync(context, taken);
        return false;
    }

    /// <summary>The answer to a request whose key held another request's: the stored answer, or why it cannot have
    /// one.</summary>
    private static Task AnswerAsync(HttpContext context, IdempotencyOutcome outcome)
    {
        switch (outcome)
        {
            case IdempotencyOutcome.Replay replay:
                return ReplayAsync(context, replay);
            case IdempotencyOutcome.Mismatch:
                return Refuse(
                    context,
                    new Error(
                        ErrorCodes.IdempotencyKeyReused,
                        "This Idempotency-Key was used for a different request; use a new key for a new request.",
                        ErrorKind.Unprocessable
                    )
                );
            case IdempotencyOutcome.InUse inUse:
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(inUse.RetryAfter.TotalSeconds)).ToString(
                    CultureInfo.InvariantCulture
                );
                return Refuse(
                    context,
                    new Error(
                        ErrorCodes.IdempotencyKeyInUse,
                        "A request with this Idempotency-Key is still running; retry after Retry-After seconds.",
                        ErrorKind.Conflict
                    )
                );
            default:
                // Answered by an operation that renders its answer from a reference, for a request that is not that
                // operation's (the same request would have reached it): the key's request was another.
                return Refuse(
                    context,
                    new Error(
                        ErrorCodes.IdempotencyKeyReused,
                        "This Idempotency-Key was used for a different request; use a new key for a new request.",
                        ErrorKind.Unprocessable
                    )
                );
        }
    }

    private static bool IsStored(int status) =>
        status
            is >= 200
                and < 500
                and not (
                    StatusCodes.Status401Unauthorized
                    or StatusCodes.Status403Forbidden
                    or StatusCodes.Status429TooManyRequests
                );

    private static async Task ReplayAsync(HttpContext context, IdempotencyOutcome.Replay replay)
    {
        context.Response.StatusCode = replay.Status;
        foreach (var (name, value) in replay.Headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.Headers[ReplayedHeader] = "true";
        context.Response.ContentLength = replay.Body.Length;
        await context.Response.Body.WriteAsync(replay.Body, context.RequestAborted);
    }

    private static Task Refuse(HttpContext context, Error error) => Problems.From(error).ExecuteAsync(context);

    private static bool IsValid(string key) =>
        key.Length <= IdempotencyStore.MaxKeyLength && key.All(c => c is > ' ' and < '\u007f');

    /// <summary>
    /// Whose key it is: a user's or an API client's, as the bearer token says; anonymous operations share one scope,
    /// where a key replays only to the same request (body included, so only to a caller who sent the very same
    /// registration), and such an answer holds nothing that caller did not send or could not learn by sending it.
    /// </summary>
    private static string ScopeOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated != true ? "anonymous"
        : user.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId && Guid.TryParse(userId, out _)
            ? "user:" + userId
        : "client:" + user.FindFirstValue(BearerAuthentication.ClientIdClaim);

    /// <summary>
    /// SHA-256 of the method, path, query, media type and body; the body is buffered so that the endpoint reads it
    /// again. A multipart body's boundary is left out (a client picks a new one for each attempt of the same upload).
    /// </summary>
    private static async Task<byte[]> HashAsync(HttpRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed : null;
        hash.AppendData(
            Encoding.UTF8.GetBytes(
                $"{request.Method}\n{request.Path.Value}\n{request.QueryString.Value}\n"
                    + $"{mediaType?.MediaType.Value?.ToLowerInvariant()}\n"
            )
        );
        var boundary = mediaType?.Boundary.Value is { Length: > 0 } value
            ? Encoding.ASCII.GetBytes(HeaderUtilities.RemoveQuotes(value).ToString())
            : null;

        request.EnableBuffering();
        await AppendWithoutAsync(hash, request.Body, boundary, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return hash.GetHashAndReset();
    }

    // Hashes the stream, leaving out every occurrence of the boundary; the last boundary.Length - 1 bytes of each read
    // are carried into the next, so that an occurrence split between two reads is found too.
    private static async Task AppendWithoutAsync(
        IncrementalHash hash,
        Stream body,
        byte[]? boundary,
        CancellationToken cancellationToken
    )
    {
        var carryMax = boundary is null ? 0 : boundary.Length - 1;
        var buffer = ArrayPool<byte>.Shared.Rent(81920 + carryMax);
        try
        {
            var carry = 0;
            while (true)
            {
                var read = await body.ReadAsync(buffer.AsMemory(carry, buffer.Length - carry), cancellationToken);
                var length = carry + read;
                if (boundary is null || read == 0)
                {
                    hash.AppendData(buffer, 0, length);
                    if (read == 0)
                    {
                        return;
                    }

                    carry = 0;
                    continue;
                }

                var start = 0;
                int found;
                while ((found = buffer.AsSpan(start, length - start).IndexOf(boundary)) >= 0)
                {
                    hash.AppendData(buffer, start, found);
                    start += found + boundary.Length;
                }

                var keep = Math.Max(start, length - carryMax);
                hash.AppendData(buffer, start, keep - start);
                buffer.AsSpan(keep, length - keep).CopyTo(buffer);
                carry = length - keep;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Every operation of the contract by operationId, and whether it takes the shared <c>IdempotencyKey</c> header
    /// parameter. The OAuth endpoints under <c>/connect</c> are left out, as from the query check.
    /// </summary>
    internal static FrozenDictionary<string, bool> Operations(JsonObject contract)
    {
        var operations = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var operation in ContractDocument.Operations(contract))
        {
            if (
                !operation.Path.StartsWith("/connect/", StringComparison.Ordinal)
                && operation.OperationId is { } operationId
            )
            {
                operations[operationId] = operation
                    .Parameters.Select(parameter => ContractDocument.Resolve(contract, parameter))
                    .Any(parameter =>
                        parameter["in"]!.GetValue<string>() == "header"
                        && parameter["name"]!.GetValue<string>() == Header
                    );
            }
        }

        return operations.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
