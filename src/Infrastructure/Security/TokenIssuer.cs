using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Security;

/// <summary>Mints access tokens (JWT, RS256) and refresh tokens (random, stored as SHA-256 hashes).</summary>
[Scoped]
public sealed class TokenIssuer(
    SigningKeyRing keys,
    MakCrmDbContext db,
    IRequestContext request,
    IOptions<AccessTokenOptions> options,
    TimeProvider clock
)
{
    private AccessTokenOptions Options => options.Value;

    public async Task<TokenResponse> ForUserAsync(
        MakUser user,
        IReadOnlyCollection<string> roles,
        IReadOnlyCollection<string> permissions,
        string clientId,
        SignInProof proof,
        Guid? family,
        bool enrolmentOnly,
        CancellationToken cancellationToken
    )
    {
        var now = clock.GetUtcNow();
        var familyId = family ?? Guid.CreateVersion7(now);
        var claims = BaseClaims(user.Id.ToString(), user.OrganizationId, clientId, permissions, now);
        claims["sid"] = familyId.ToString(); // the sign-in: revoking it ends its access tokens too
        claims["roles"] = new JsonArray(roles.Select(r => (JsonNode)r).ToArray());
        claims["amr"] = new JsonArray(proof.Amr.Split(' ').Select(a => (JsonNode)a).ToArray());
        claims["auth_time"] = proof.AuthenticatedAt.ToUnixTimeSeconds();
        claims["name"] = user.FullName;
        if (enrolmentOnly)
        {
            claims["enrolment_only"] = true; // the role requires 2FA: this token may only turn it on
        }
        var access = Jwt.Sign(claims, (await keys.CurrentAsync(cancellationToken)).Signing);

        var refresh = NewRefreshToken();
        db.Set<RefreshToken>()
            .Add(
                new RefreshToken
                {
                    Id = Guid.CreateVersion7(now),
                    FamilyId = familyId,
                    UserId = user.Id,
                    ClientId = clientId,
                    TokenHash = SecretHash.Of(refresh),
                    Amr = proof.Amr,
                    AuthenticatedAt = proof.AuthenticatedAt,
                    CreatedAt = now,
                    ExpiresAt = now + Options.RefreshTokenLifetime,
                    IpAddress = request.IpAddress is { Length: <= RefreshToken.MaxIpAddressLength } address
                        ? address
                        : null,
                    UserAgent = request.UserAgent,
                }
            );
        await db.SaveChangesAsync(cancellationToken);
        return new TokenResponse(
            access,
            (int)Options.AccessTokenLifetime.TotalSeconds,
            refresh,
            string.Join(' ', permissions)
        );
    }

    /// <summary>
    /// A token of a user for an API client acting on the user's behalf (RFC 8693 token exchange): the user's subject,
    /// organization and roles, the permissions given, a lifetime of its own, no refresh token, and the client as the
    /// actor (<c>act</c>, RFC 8693 section 4.1). Its <c>sid</c> is the sign-in it belongs to, so revoking that ends it.
    /// </summary>
    public async Task<TokenResponse> ForActorAsync(
        MakUser user,
        IReadOnlyCollection<string> roles,
        IReadOnlyCollection<string> permissions,
        string clientId,
        Guid signIn,
        string amr,
        TimeSpan lifetime,
        CancellationToken cancellationToken
    )
    {
        var now = clock.GetUtcNow();
        var claims = BaseClaims(user.Id.ToString(), user.OrganizationId, clientId, permissions, now, lifetime);
        claims["sid"] = signIn.ToString();
        claims["roles"] = new JsonArray(roles.Select(r => (JsonNode)r).ToArray());
        claims["amr"] = new JsonArray(amr);
        claims["auth_time"] = now.ToUnixTimeSeconds();
        claims["name"] = user.FullName;
        claims["act"] = new JsonObject { ["sub"] = clientId };
        var access = Jwt.Sign(claims, (await keys.CurrentAsync(cancellationToken)).Signing);
        return new TokenResponse(
            access,
            (int)lifetime.TotalSeconds,
            null,
            string.Join(' ', permissions),
            AccessTokenType
        );
    }

    /// <summary>RFC 8693's identifier of an access token, the <c>issued_token_type</c> of a token exchange.</summary>
    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    public async Task<TokenResponse> ForClientAsync(
        ApiClient client,
        IReadOnlyCollection<string> scopes,
        CancellationToken cancellationToken
    )
    {
        var claims = BaseClaims(
            client.ClientId,
            client.OrganizationId!.Value,
            client.ClientId,
            scopes,
            clock.GetUtcNow()
        );
        var access = Jwt.Sign(claims, (await keys.CurrentAsync(cancellationToken)).Signing);
        return new TokenResponse(access, (int)Options.AccessTokenLifetime.TotalSeconds, null, string.Join(' ', scopes));
    }

    public static string NewRefreshToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private JsonObject BaseClaims(
        string subject,
        Guid organizationId,
        string clientId,
        IEnumerable<string> scopes,
        DateTimeOffset now,
        TimeSpan? lifetime = null
    ) =>
        new()
        {
            ["iss"] = Options.Issuer,
            ["aud"] = Options.Audience,
            ["sub"] = subject,
            ["org"] = organizationId.ToString(),
            ["client_id"] = clientId,
            ["scope"] = string.Join(' ', scopes),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + (lifetime ?? Options.AccessTokenLifetime)).ToUnixTimeSeconds(),
            ["jti"] = Guid.CreateVersion7(now).ToString(),
        };
}
