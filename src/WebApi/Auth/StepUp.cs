using System.Globalization;
using System.Security.Claims;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Auth;

/// <summary>
/// Step-up authentication (RFC 9470) for operations that change who may do what, or take personal data out: the
/// access token must come from a sign-in that used a second factor (<c>amr</c> has <c>otp</c> or <c>rc</c>) no longer
/// ago than <see cref="AccessTokenOptions.StepUpMaxAge"/> (<c>auth_time</c>). Otherwise a user gets 401 with
/// <c>WWW-Authenticate: Bearer error="insufficient_user_authentication", max_age=600</c> and signs in again with a
/// code; an API client, which has no second factor, gets 403. It runs after authorization, so a caller without the
/// permission still gets 403 first.
/// </summary>
public static class StepUp
{
    public static RouteHandlerBuilder RequiresRecentTwoFactor(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(
            async (context, next) =>
            {
                var http = context.HttpContext;
                var maxAge = MaxAgeOf(http);
                var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                return Check(http.User, maxAge, now) switch
                {
                    Outcome.Satisfied => await next(context),
                    Outcome.NotAUser => Problems.Result(
                        StatusCodes.Status403Forbidden,
                        ErrorCodes.Forbidden,
                        "Only a user who signed in with two-factor authentication may do this; API clients cannot."
                    ),
                    _ => Challenge(http, maxAge),
                };
            }
        );

    /// <summary>
    /// Whether the caller's sign-in satisfies step-up now: for an operation that needs it only for some of what it may
    /// be asked (an export of a report over personal data), which its handler decides.
    /// </summary>
    public static bool IsSatisfied(HttpContext http) =>
        Check(http.User, MaxAgeOf(http), http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow())
        == Outcome.Satisfied;

    /// <summary>The 401 <c>step_up_required</c> with its <c>WWW-Authenticate</c> challenge.</summary>
    public static ProblemHttpResult Challenge(HttpContext http) => Challenge(http, MaxAgeOf(http));

    private static TimeSpan MaxAgeOf(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<AccessTokenOptions>>().Value.StepUpMaxAge;

    private enum Outcome
    {
        Satisfied,
        TooOld,
        NotAUser,
    }

    private static Outcome Check(ClaimsPrincipal user, TimeSpan maxAge, DateTimeOffset now)
    {
        if (!Guid.TryParse(user.FindFirst(ClaimTypes.NameIdentifier)?.Value, out _))
        {
            return Outcome.NotAUser;
        }

        var secondFactor = user.FindAll(BearerAuthentication.AuthenticationMethodClaim)
            .Any(c => c.Value is "otp" or "rc");
        var authenticatedAt = long.TryParse(
            user.FindFirst(BearerAuthentication.AuthenticationTimeClaim)?.Value,
            CultureInfo.InvariantCulture,
            out var seconds
        )
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.MinValue;
        return secondFactor && now - authenticatedAt <= maxAge ? Outcome.Satisfied : Outcome.TooOld;
    }

    private static ProblemHttpResult Challenge(HttpContext http, TimeSpan maxAge)
    {
        var seconds = ((long)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var detail =
            $"Sign in again with a two-factor code (password, then the mfa-otp grant): this operation needs a "
            + $"two-factor sign-in from the last {seconds} seconds.";
        http.Response.Headers.WWWAuthenticate =
            $"Bearer error=\"insufficient_user_authentication\", error_description=\"A two-factor sign-in from the "
            + $"last {seconds} seconds is required\", max_age={seconds}";
        return Problems.Result(StatusCodes.Status401Unauthorized, ErrorCodes.StepUpRequired, detail);
    }
}
