using System.Globalization;
using System.Threading.RateLimiting;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Auth;

namespace MakCrm.WebApi.Http;

public static class RateLimits
{
    /// <summary>
    /// The token and registration endpoints allow <c>Mak:RateLimits:TokenRequestsPerMinute</c> requests per client
    /// address; past it they answer a 429 problem with Retry-After. Password guessing from one address is slowed
    /// here; guessing one account from many addresses is stopped by the lockout.
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
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = Problems.Create(StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyRequests, "Too many requests from this address; wait for Retry-After seconds."),
                });
            };
        });
}
