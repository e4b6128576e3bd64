using System.Security.Claims;
using MakCrm.Domain.Access;
using MakCrm.Domain.Common;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;

namespace MakCrm.WebApi.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;JWT&gt;</c>: the token must be RS256-signed by one of our keys, name
/// our issuer and audience, and be within its lifetime; and the user (or API client) behind it must still be
/// enabled, in an active organization. The permissions of the request are resolved here, from the role matrix as it
/// is now (users) or from the token's scopes as far as the client's organization's role has them now (API clients).
/// <para>
/// A handler of its own rather than the framework's <c>AuthenticationHandler</c> base: that base made a logger, read
/// its options and made an events object for every request, for features (forwarding, events, options) this scheme
/// does not use, and was half of authentication's cost to a request (bench/LOG.md).
/// </para>
/// </summary>
public sealed partial class BearerAuthentication(
    AccessTokenValidator tokens,
    PermissionMatrix matrix,
    UserStandings standings,
    IProblemDetailsService problems,
    ILogger<BearerAuthentication> logger
) : IAuthenticationHandler
{
    public const string SchemeName = "Bearer";
    public const string OrganizationClaim = "org";
    public const string ClientIdClaim = "client_id";
    public const string AuthenticationMethodClaim = "amr";
    public const string AuthenticationTimeClaim = "auth_time";

    /// <summary>The API client acting for the user (RFC 8693 <c>act</c>), on a token it got by token
    /// exchange.</summary>
    public const string ActorClaim = "act";

    /// <summary>A user's sign-in (refresh-token family) that the access token belongs to.</summary>
    public const string SignInClaim = "sid";

    /// <summary>The user's display name as the standing check read it (the events' actor is named by it).</summary>
    public const string DisplayNameClaim = "mak_display_name";

    private const string FailureItem = "mak.auth.failure";
    private static readonly IReadOnlySet<string> NoPermissions = new HashSet<string>();

    private Task<AuthenticateResult>? _result;

    /// <summary>The scheme with this handler; the handler itself is made once per request (AddTransient).</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddTransient<BearerAuthentication>();
        services.AddAuthentication(o =>
        {
            o.AddScheme<BearerAuthentication>(SchemeName, displayName: null);
            o.DefaultScheme = SchemeName;
        });
    }

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        Context = context;
        return Task.CompletedTask;
    }

    /// <summary>Once per request, however often it is asked (as the framework's base class does).</summary>
    public Task<AuthenticateResult> AuthenticateAsync() => _result ??= AuthenticateOnceAsync();

    private async Task<AuthenticateResult> AuthenticateOnceAsync()
    {
        var result = await HandleAuthenticateAsync();
        if (result.Failure is { } failure)
        {
            NotAuthenticated(logger, failure.Message);
        }

        return result;
    }

    private HttpContext Context { get; set; } = null!;

    private HttpRequest Request => Context.Request;

    private HttpResponse Response => Context.Response;

    private async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return await AuthenticateStreamTicketAsync();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Fail("Only Bearer tokens are accepted.");
        }

        var check = await tokens.ValidateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (!check.IsValid)
        {
            return Fail($"The access token is not valid ({check.Failure}).");
        }

        return await IdentifyAsync(check.Claims!);
    }

    /// <summary>
    /// A stream ticket in place of a bearer token, on the stream only (an <c>EventSource</c> cannot send headers): the
    /// ticket is spent, and the identity of the token that asked for it is checked as that token would be now — the
    /// user still in good standing, with the permissions of the roles held now; an API client still enabled, with the
    /// permissions it had then as far as it has them now.
    /// </summary>
    private async Task<AuthenticateResult> AuthenticateStreamTicketAsync()
    {
        if (
            !HttpMethods.IsGet(Request.Method)
            || !Request.Path.Equals(StreamTicketPath, StringComparison.OrdinalIgnoreCase)
            || !Request.Query.TryGetValue("ticket", out var values)
        )
        {
            return AuthenticateResult.NoResult();
        }

        var claims =
            values.Count == 1 && !string.IsNullOrEmpty(values[0])
                ? await Context
                    .RequestServices.GetRequiredService<StreamTickets>()
                    .SpendAsync(values[0]!, Context.RequestAborted)
                : null;
        return claims is null
            ? Fail("The stream ticket is not valid: it is unknown, used already or expired. Ask for a new one.")
            : await IdentifyAsync(claims);
    }

    /// <summary>The only path that accepts a stream ticket.</summary>
    public const string StreamTicketPath = "/api/v1/stream";

    private async Task<AuthenticateResult> IdentifyAsync(AccessTokenClaims claims)
    {
        if (
            claims.Subject is not { } subject
            || claims.ClientId is not { } clientId
            || !Guid.TryParse(claims.Organization, out var organizationId)
        )
        {
            return Fail("The access token is not valid (missing claims).");
        }

        IReadOnlySet<string> permissions;
        var clientKind = OrganizationKind.HeadOffice;
        IReadOnlyList<string> roles = [];
        var displayName = "";
        IReadOnlyList<Guid>? responsibles = null;
        var isUser = Guid.TryParse(subject, out var userId);
        if (isUser)
        {
            if (!Guid.TryParse(claims.SignIn, out var signIn))
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

            // The roles the user holds now, not those the token was issued with: a changed role takes effect at once.
            roles = user.Roles;
            displayName = user.DisplayName;
            responsibles = user.VisibleResponsibles;
            permissions = claims.EnrolmentOnly
                ? NoPermissions
                : NarrowedVisibility.Apply(
                    await matrix.ForRolesAsync(roles, Context.RequestAborted),
                    responsibles is not null
                );
            if (claims.IsDelegated)
            {
                // A client acting for the user (token exchange): the user's permissions now, as far as the token's
                // scope goes.
                var scope = (claims.Scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                permissions = scope.Where(permissions.Contains).ToHashSet(StringComparer.Ordinal);
            }
        }
        else
        {
            var db = Context.RequestServices.GetRequiredService<MakCrmDbContext>();
            var client = await db.Set<ApiClient>()
                .AsNoTracking()
                .Where(c => c.ClientId == subject)
                .Select(c => new
                {
                    c.IsEnabled,
                    c.OrganizationId,
                    c.Scopes,
                    Kind = db.Set<Organization>()
                        .Where(o => o.Id == c.OrganizationId)
                        .Select(o => (OrganizationKind?)o.Kind)
                        .FirstOrDefault(),
                })
                .FirstOrDefaultAsync(Context.RequestAborted);
            if (client is not { IsEnabled: true, Kind: { } kind } || client.OrganizationId != organizationId)
            {
                return Fail("The access token belongs to an API client that is disabled or no longer exists.");
            }

            clientKind = kind;

            // The scopes granted at issue time, less any the client has lost since, and less any its organization's
            // role does not have now.
            permissions = await matrix.ForApiClientAsync(
                kind,
                (claims.Scope ?? "")
                    .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Intersect(client.Scopes, StringComparer.Ordinal),
                Context.RequestAborted
            );
        }

        var identity = new CallerIdentity(permissions) { VisibleResponsibles = responsibles };
        identity.Add(ClaimTypes.NameIdentifier, subject);
        identity.Add(OrganizationClaim, organizationId.ToString());
        identity.Add(ClientIdClaim, clientId);
        if (!isUser)
        {
            identity.Add(ClaimTypes.Role, Domain.Access.Roles.OfOrganization(clientKind));
        }
        else
        {
            foreach (var role in roles)
            {
                identity.Add(ClaimTypes.Role, role);
            }

            identity.Add(SignInClaim, claims.SignIn!);
            identity.Add(DisplayNameClaim, displayName);
            if (claims.Actor is { } actor)
            {
                identity.Add(ActorClaim, actor);
            }

            foreach (var method in claims.AuthenticationMethods)
            {
                identity.Add(AuthenticationMethodClaim, method);
            }

            if (claims.AuthenticatedAt is { } seconds)
            {
                identity.Add(
                    AuthenticationTimeClaim,
                    seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ClaimValueTypes.Integer64
                );
            }
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    public async Task ChallengeAsync(AuthenticationProperties? properties)
    {
        var failure = Context.Items[FailureItem] as string;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = failure is null
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{failure}\"";
        await problems.WriteAsync(
            new ProblemDetailsContext
            {
                HttpContext = Context,
                ProblemDetails = Problems.Create(
                    StatusCodes.Status401Unauthorized,
                    ErrorCodes.Unauthorized,
                    failure ?? "Send an access token from /connect/token as Authorization: Bearer <token>."
                ),
            }
        );
    }

    public async Task ForbidAsync(AuthenticationProperties? properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(
            new ProblemDetailsContext
            {
                HttpContext = Context,
                ProblemDetails = Problems.Create(
                    StatusCodes.Status403Forbidden,
                    ErrorCodes.Forbidden,
                    "Your role does not have the permission this operation needs."
                ),
            }
        );
    }

    private AuthenticateResult Fail(string message)
    {
        Context.Items[FailureItem] = message;
        return AuthenticateResult.Fail(message);
    }

    // The line the framework's base class wrote for a refused token, kept: it says why, where the access log has only
    // the 401.
    [LoggerMessage(
        EventId = 7,
        Level = LogLevel.Information,
        Message = "Bearer was not authenticated. Failure message: {FailureMessage}"
    )]
    private static partial void NotAuthenticated(ILogger logger, string failureMessage);
}
