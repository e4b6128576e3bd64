using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Security;

/// <summary>The outcome of checking an access token: its claims, or why it was refused.</summary>
public sealed record AccessTokenCheck(AccessTokenClaims? Claims, string? Failure)
{
    public bool IsValid => Failure is null;
}

/// <summary>
/// Checks access tokens (<see cref="Jwt.Validate"/>) and remembers the ones it has verified until they expire, so that
/// a
/// client sending the same token with every request pays for the RSA signature check and the JSON parsing once
/// (they were a tenth of a bid's cost to the API). A remembered token is still refused once it expires or once its key
/// is no longer one the ring verifies with; the token string is the whole key, signature included, so a token that was
/// not verified can never match. Whether its user may still act is not remembered here (<see cref="UserStandings"/>).
/// </summary>
[Singleton]
public sealed class AccessTokenValidator(SigningKeyRing keys, IOptions<AccessTokenOptions> options, TimeProvider clock)
{
    /// <summary>Enough for every token in use on a busy instance; a token is about a kilobyte.</summary>
    public const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, Verified> _verified = new(StringComparer.Ordinal);

    public async Task<AccessTokenCheck> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var ring = await keys.CurrentAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (_verified.TryGetValue(token, out var known) && ring.Verifying.ContainsKey(known.Kid))
        {
            return
                Jwt.LifetimeFailure(known.Claims.ExpiresAt, known.Claims.NotBefore, options.Value, now) is { } failure
                ? new AccessTokenCheck(null, failure)
                : new AccessTokenCheck(known.Claims, null);
        }

        var check = Jwt.Validate(token, ring, options.Value, now);
        if (!check.IsValid)
        {
            return new AccessTokenCheck(null, check.Failure);
        }

        var claims = AccessTokenClaims.From(check.Claims!);
        Remember(token, new Verified(claims, check.Kid!), now);
        return new AccessTokenCheck(claims, null);
    }

    private void Remember(string token, Verified verified, DateTimeOffset now)
    {
        if (_verified.Count >= MaxRemembered)
        {
            foreach (var (expiredToken, entry) in _verified)
            {
                if (now - options.Value.ClockSkew >= entry.Claims.ExpiresAt)
                {
                    _verified.TryRemove(expiredToken, out _);
                }
            }

            if (_verified.Count >= MaxRemembered)
            {
                _verified.Clear();
            }
        }

        _verified[token] = verified;
    }

    private sealed record Verified(AccessTokenClaims Claims, string Kid);
}
