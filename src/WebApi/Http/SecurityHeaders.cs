namespace MakCrm.WebApi.Http;

/// <summary>
/// Headers that make browsers treat API responses as data only: no MIME sniffing, no framing, no referrer, and a
/// content security policy that allows nothing (Swagger UI, the one HTML page, gets a policy that lets it run).
/// </summary>
public static class SecurityHeaders
{
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";
    private const string SwaggerPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' "
        + "'unsafe-inline'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(
            (context, next) =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/swagger")
                    ? SwaggerPolicy
                    : ApiPolicy;
                return next(context);
            }
        );
}
