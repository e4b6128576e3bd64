namespace MakCrm.WebApi.Http;

/// <summary>Endpoint metadata: the endpoint's requests are counted against a limit, per the key it names.</summary>
public sealed class RateLimitedMetadata(Func<RateLimits, RateLimitPolicy> policy, Func<HttpContext, string> key)
{
    /// <summary>The API's operations, per API client or user (<see cref="RateLimits.Api"/>).</summary>
    public static RateLimitedMetadata PerCaller { get; } = new(limits => limits.Api, RateLimits.Caller);

    /// <summary>Anonymous operations (token, registration), per client address
    /// (<see cref="RateLimits.Address"/>).</summary>
    public static RateLimitedMetadata PerAddress { get; } = new(limits => limits.Address, RateLimits.ClientAddress);

    public ValueTask<IResult?> EnforceAsync(RateLimits limits, HttpContext http) =>
        limits.EnforceAsync(http, policy(limits), key(http));
}

public static class RateLimiting
{
    /// <summary>
    /// Enforces the limit an endpoint's metadata names, after authentication (the caller is the key) and authorization
    /// (a refused request costs no quota), before the endpoint. A middleware rather than an endpoint filter: a filter
    /// made every endpoint box its arguments into a filter context and return its result as an object.
    /// </summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<RateLimits>();
        return app.Use(
            async (context, next) =>
            {
                if (
                    context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedMetadata>() is { } limited
                    && await limited.EnforceAsync(limits, context) is { } refusal
                )
                {
                    await refusal.ExecuteAsync(context);
                    return;
                }

                await next(context);
            }
        );
    }
}
