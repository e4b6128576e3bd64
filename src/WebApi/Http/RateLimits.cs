using System.Globalization;
using System.Threading.RateLimiting;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Auth;

namespace MakCrm.WebApi.Http;

public static class RateLimits
{
    /// <summary>The policy of the API's operations: per API client, per user, or per address when anonymous.</summary>
    public const string Api = "api";

    /// <summary>
    /// The token and registration endpoints allow <c>Mak:RateLimits:TokenRequestsPerMinute</c> requests per client
    /// address: password guessing from one address is slowed here, guessing one account from many addresses is
    /// stopped by the lockout. The API's operations allow <c>Mak:RateLimits:ApiRequestsPerMinute</c> per API client
    /// or user, so that one busy lead platform cannot crowd out the others. Past a limit: a 429 problem with Retry-After.
    /// </summary>
    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, IConfiguration configuration) =>
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(OAuthEndpoints.TokenRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = configuration.GetValue("Mak:RateLimits:TokenRequestsPerMinute", 30),
                    Window = TimeSpan.FromMinutes(1),
                }));
            o.AddPolicy(Api, http => RateLimitPartition.GetFixedWindowLimiter(
                Caller(http),
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = configuration.GetValue("Mak:RateLimits:ApiRequestsPerMinute", 600),
                    Window = TimeSpan.FromMinutes(1),
                }));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = Problems.Create(StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyRequests, "Too many requests; wait for Retry-After seconds."),
                });
            };
        });

    // The bearer handler has run by now: an authenticated caller is its subject (a user id or an API client id).
    private static string Caller(HttpContext http) =>
        http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is { } subject
            ? "sub:" + subject
            : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
