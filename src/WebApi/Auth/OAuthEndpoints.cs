using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Text;
using MakCrm.Domain.Access;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Security;
using MakCrm.WebApi.Endpoints;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Auth;

/// <summary>
/// The authorization server: POST /connect/token (RFC 6749: password, refresh_token, client_credentials; RFC 8693
/// token exchange, for the bot acting for a linked user),
/// POST /connect/revoke (RFC 7009), and discovery (RFC 8414 metadata, RFC 7517 JWKS). Requests are form-encoded;
/// errors are RFC 6749 error objects, not problems, because OAuth clients expect them.
/// </summary>
internal static class OAuthEndpoints
{
    public const string TokenPath = "/connect/token";
    public const string RevokePath = "/connect/revoke";
    public const string MetadataPath = "/.well-known/openid-configuration";
    public const string JwksPath = "/.well-known/jwks.json";

    public const string MfaOtpGrant = "urn:mak:params:oauth:grant-type:mfa-otp";

    private static readonly string[] GrantTypes =
    [
        "password",
        "refresh_token",
        "client_credentials",
        MfaOtpGrant,
        TokenGrants.TokenExchangeGrant,
    ];

    // A body that is no form: the contract's 415 problem (which routing answered before it stopped matching types).
    private static ProblemHttpResult NotAForm =>
        Problems.From(
            new Error(
                ErrorCodes.UnsupportedMediaType,
                "Send the request as application/x-www-form-urlencoded.",
                ErrorKind.UnsupportedMediaType
            )
        );

    public static IEndpointRouteBuilder MapOAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Authorization").AllowAnonymous();
        group
            .MapPost(TokenPath, Token)
            .WithName("requestToken")
            .Accepts<TokenRequest>("application/x-www-form-urlencoded")
            .Produces<TokenError>(400)
            .Produces<TokenError>(401)
            .ProducesProblems(413, 415, 429)
            .RateLimitedPerAddress();
        group
            .MapPost(RevokePath, Revoke)
            .WithName("revokeToken")
            .Accepts<RevokeRequest>("application/x-www-form-urlencoded")
            .Produces<TokenError>(400)
            .ProducesProblems(413, 415);
        group.MapGet(MetadataPath, Metadata).WithName("getAuthorizationServerMetadata").ProducesProblems(400);
        group.MapGet(JwksPath, Jwks).WithName("getJsonWebKeySet").ProducesProblems(400);
        return app;
    }

    private static async Task<Results<JsonOk<TokenSuccess>, JsonWithStatus<TokenError>, ProblemHttpResult>> Token(
        HttpContext http,
        TokenGrants grants,
        RateLimits limits,
        CancellationToken cancellationToken
    )
    {
        NoStore(http.Response);
        if (!http.Request.HasFormContentType)
        {
            return NotAForm;
        }

        var read = await FormBody.ReadAsync(http.Request, cancellationToken);
        if (!read.IsSuccess)
        {
            return Error(InvalidForm(read.Error!), http.Response);
        }

        var form = read.Value;
        var (clientId, clientSecret) = ClientCredentials(http.Request, form);
        string grantType = form["grant_type"].ToString();
        if (
            grantType == "password"
            && form["username"].ToString() is { Length: > 0 } username
            && await limits.EnforceAsync(http, limits.Username, username.ToUpperInvariant())
                is ProblemHttpResult tooMany
        )
        {
            return tooMany;
        }

        var (token, error) = grantType switch
        {
            "password" => await grants.PasswordAsync(clientId, form["username"], form["password"], cancellationToken),
            "refresh_token" => await grants.RefreshAsync(clientId, form["refresh_token"], cancellationToken),
            "client_credentials" => await grants.ClientCredentialsAsync(
                clientId,
                clientSecret,
                form["scope"],
                cancellationToken
            ),
            TokenGrants.TokenExchangeGrant => await grants.TokenExchangeAsync(
                clientId,
                clientSecret,
                NullIfEmpty(form["subject_token"]),
                NullIfEmpty(form["subject_token_type"]),
                form["scope"],
                cancellationToken
            ),
            MfaOtpGrant => await grants.MfaOtpAsync(
                clientId,
                NullIfEmpty(form["mfa_token"]),
                NullIfEmpty(form["otp"]),
                NullIfEmpty(form["recovery_code"]),
                cancellationToken
            ),
            "" => (null, OAuthError.InvalidRequest("grant_type is required.")),
            _ => (null, OAuthError.UnsupportedGrantType(grantType)),
        };

        return token is not null
            ? JsonAnswer.Ok(
                new TokenSuccess(
                    token.AccessToken,
                    token.TokenType,
                    token.ExpiresIn,
                    token.RefreshToken,
                    token.Scope,
                    token.IssuedTokenType
                )
            )
            : Error(error!, http.Response);
    }

    private static async Task<Results<Ok, JsonWithStatus<TokenError>, ProblemHttpResult>> Revoke(
        HttpContext http,
        TokenGrants grants,
        CancellationToken cancellationToken
    )
    {
        NoStore(http.Response);
        if (!http.Request.HasFormContentType)
        {
            return NotAForm;
        }

        var read = await FormBody.ReadAsync(http.Request, cancellationToken);
        if (!read.IsSuccess)
        {
            return Error(InvalidForm(read.Error!), http.Response);
        }

        var form = read.Value;
        var (clientId, _) = ClientCredentials(http.Request, form);
        var error = await grants.RevokeAsync(clientId, form["token"], cancellationToken);
        return error is null ? TypedResults.Ok() : Error(error, http.Response);
    }

    private static JsonOk<AuthorizationServerMetadata> Metadata(
        IOptions<AccessTokenOptions> options,
        HttpRequest request
    )
    {
        var origin = $"{request.Scheme}://{request.Host}";
        return JsonAnswer.Ok(
            new AuthorizationServerMetadata(
                options.Value.Issuer,
                origin + TokenPath,
                origin + RevokePath,
                origin + JwksPath,
                GrantTypes,
                ["client_secret_basic", "client_secret_post", "none"],
                ["client_secret_basic", "client_secret_post", "none"],
                Permissions.All,
                ["token"],
                ["RS256"]
            )
        );
    }

    private static async Task<JsonOk<JsonWebKeySet>> Jwks(
        SigningKeyRing keys,
        HttpResponse response,
        CancellationToken cancellationToken
    )
    {
        var snapshot = await keys.CurrentAsync(cancellationToken);
        response.Headers.CacheControl = "public, max-age=300";
        return JsonAnswer.Ok(
            new JsonWebKeySet(
                snapshot
                    .Verifying.Values.OrderByDescending(k => k.CreatedAt)
                    .Select(k =>
                    {
                        var parameters = k.Rsa.ExportParameters(false);
                        return new JsonWebKey(
                            "RSA",
                            "sig",
                            "RS256",
                            k.Kid,
                            Base64Url.EncodeToString(parameters.Modulus),
                            Base64Url.EncodeToString(parameters.Exponent)
                        );
                    })
                    .ToList()
            )
        );
    }

    /// <summary>A form that could not be read, as RFC 6749 answers it: <c>invalid_request</c>, naming the field where
    /// there is one.</summary>
    private static OAuthError InvalidForm(MakCrm.Domain.Common.Error error) =>
        OAuthError.InvalidRequest(
            error.FieldErrors is { Count: > 0 } fields
                ? string.Join(" ", fields.Select(f => $"{f.Key}: {string.Join(" ", f.Value)}"))
                : error.Message
        );

    /// <summary>Client authentication: HTTP Basic (RFC 6749 2.3.1) or client_id/client_secret in the form.</summary>
    private static (string? ClientId, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        if (
            AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)
            && header.Parameter is not null
        )
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    return (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
                }
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        return (NullIfEmpty(form["client_id"]), NullIfEmpty(form["client_secret"]));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static JsonWithStatus<TokenError> Error(OAuthError error, HttpResponse response)
    {
        if (error.Status == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Basic realm=\"mak-crm\", charset=\"UTF-8\""; // RFC 6749 5.2
        }

        return JsonAnswer.WithStatus(error.Status, new TokenError(error.Error, error.Description, error.MfaToken));
    }

    private static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }
}
