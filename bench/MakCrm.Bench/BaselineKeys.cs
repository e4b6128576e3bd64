using System.Security.Cryptography;
using System.Text;
using MakCrm.Infrastructure.Idempotency;
using MakCrm.Infrastructure.Security;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Bench;

/// <summary>
/// The baselines' Idempotency-Key: the API's own store and statements (ADR 0034), so that a keyed baseline claims the
/// key and stores its answer in its transaction as the API does, with the least code around them.
/// </summary>
internal static class BaselineKeys
{
    /// <summary>The API's key store with its defaults, on the baseline's data source.</summary>
    public static IdempotencyStore Store(NpgsqlDataSource dataSource) =>
        new(
            dataSource,
            TimeProvider.System,
            Options.Create(new IdempotencyOptions()),
            Options.Create(
                new AccessTokenOptions { KeyEncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }
            )
        );

    /// <summary>
    /// The request's key, or null without the header: the caller's scope, and a hash of the path and the body (the
    /// least
    /// that tells a retry from another request).
    /// </summary>
    public static IdempotencyKey? Of(HttpRequest request, ReadOnlySpan<byte> body, Guid userId)
    {
        if (request.Headers["Idempotency-Key"].ToString() is not { Length: > 0 } key)
        {
            return null;
        }

        var hash = SHA256.HashData([.. Encoding.UTF8.GetBytes(request.Path.Value!), .. body]);
        return new IdempotencyKey("user:" + userId, key, hash, request.HttpContext.TraceIdentifier);
    }

    /// <summary>The request's body, read whole (to be hashed with its key and parsed).</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
