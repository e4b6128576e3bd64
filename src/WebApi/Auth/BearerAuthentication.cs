using System.Security.Claims;
using System.Text.Encodings.Web;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Security;
using MakCrm.WebApi.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;JWT&gt;</c>: the token must be RS256-signed by one of our keys, name
/// our issuer and audience, and be within its lifetime; and the user (or API client) behind it must still be
/// enabled, in an active organization. The permissions of the request are resolved here, from the role matrix as it
/// is now (users) or from the token's scopes (API clients).
/// </summary>
public sealed class BearerAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    SigningKeyRing keys,
    PermissionMatrix matrix,
    MakCrmDbContext db,
    UserStandings standings,
    IOptions<AccessTokenOptions> tokenOptions,
    TimeProvider clock,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "Bearer";
    public const string PermissionClaim = "permission";
    public const string OrganizationClaim = "org";
    public const string ClientIdClaim = "client_id";
    public const string AuthenticationMethodClaim = "amr";
    public const string AuthenticationTimeClaim = "auth_time";
    private const string FailureItem = "mak.auth.failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Fail("Only Bearer tokens are accepted.");
        }

        var check = Jwt.Validate(header["Bearer ".Length..].Trim(), await keys.CurrentAsync(Context.RequestAborted), tokenOptions.Value, clock.GetUtcNow());
        if (!check.IsValid)
        {
            return Fail($"The access token is not valid ({check.Failure}).");
        }

        var claims = check.Claims!;
        var subject = Jwt.String(claims, "sub");
        var clientId = Jwt.String(claims, ClientIdClaim);
        if (subject is null || clientId is null || !Guid.TryParse(Jwt.String(claims, OrganizationClaim), out var organizationId))
        {
            return Fail("The access token is not valid (missing claims).");
        }

        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.NameIdentifier, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, subject));
        identity.AddClaim(new Claim(OrganizationClaim, organizationId.ToString()));
        identity.AddClaim(new Claim(ClientIdClaim, clientId));

        IEnumerable<string> permissions;
        if (Guid.TryParse(subject, out var userId))
        {
            if (!Guid.TryParse(Jwt.String(claims, "sid"), out var signIn))
            {
                return Fail("The access token is not valid (missing claims).");
            }

            var user = await standings.FindAsync(userId, signIn, Context.RequestAborted);
            if (user is null || user.IsDisabled || !user.OrganizationActive || user.OrganizationId != organizationId)
            {
                return Fail("The access token belongs to a user who is disabled or no longer exists.");
            }

            if (user.SignedOut)
            {
                return Fail("The sign-in this access token belongs to was revoked.");
            }

            var roles = claims["roles"]?.AsArray().Select(r => r!.GetValue<string>()).ToList() ?? [];
            identity.AddClaims(roles.Select(r => new Claim(ClaimTypes.Role, r)));
            identity.AddClaims((claims["amr"] as System.Text.Json.Nodes.JsonArray ?? []).Select(m => new Claim(AuthenticationMethodClaim, m!.ToString())));
            if (claims["auth_time"] is System.Text.Json.Nodes.JsonValue authTime && authTime.TryGetValue<long>(out var seconds))
            {
                identity.AddClaim(new Claim(AuthenticationTimeClaim, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
            }

            var enrolmentOnly = claims["enrolment_only"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
            permissions = enrolmentOnly ? [] : await matrix.ForRolesAsync(roles, Context.RequestAborted);
        }
        else
        {
            var client = await db.ApiClients.AsNoTracking().Where(c => c.ClientId == subject)
                .Select(c => new { c.IsEnabled, c.OrganizationId, c.Scopes })
                .FirstOrDefaultAsync(Context.RequestAborted);
            if (client is null || !client.IsEnabled || client.OrganizationId != organizationId)
            {
                return Fail("The access token belongs to an API client that is disabled or no longer exists.");
            }

            // The scopes granted at issue time, less any the client has lost since.
            permissions = (Jwt.String(claims, "scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Intersect(client.Scopes, StringComparer.Ordinal);
        }

        identity.AddClaims(permissions.Select(p => new Claim(PermissionClaim, p)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Items[FailureItem] as string;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = failure is null ? "Bearer" : $"Bearer error=\"invalid_token\", error_description=\"{failure}\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = Problems.Create(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, failure ?? "Send an access token from /connect/token as Authorization: Bearer <token>."),
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Your role does not have the permission this operation needs."),
        });
    }

    private AuthenticateResult Fail(string message)
    {
        Context.Items[FailureItem] = message;
        return AuthenticateResult.Fail(message);
    }
}
