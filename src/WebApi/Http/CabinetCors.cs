namespace MakCrm.WebApi.Http;

public static class CabinetCors
{
    /// <summary>
    /// Browsers may call the API only from the cabinets' origins in <c>Mak:Cors:AllowedOrigins</c> (none: same-origin
    /// only), and may read the headers a cabinet needs: ETag for If-Match, Location, Retry-After, WWW-Authenticate.
    /// </summary>
    public static IServiceCollection AddCabinetCors(this IServiceCollection services, IConfiguration configuration) =>
        services.AddCors(o => o.AddDefaultPolicy(policy =>
        {
            var origins = configuration.GetSection("Mak:Cors:AllowedOrigins").Get<string[]>() ?? [];
            policy.WithOrigins(origins)
                .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                .WithHeaders("Authorization", "Content-Type", "If-Match", "traceparent")
                .WithExposedHeaders("ETag", "Location", "Retry-After", "WWW-Authenticate")
                .SetPreflightMaxAge(TimeSpan.FromHours(1));
        }));
}
