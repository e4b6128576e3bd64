using Microsoft.AspNetCore.Routing.Matching;

namespace MakCrm.WebApi.Http;

/// <summary>
/// Takes the content type out of routing. The framework's routing picks endpoints by the <c>Accepts</c> metadata too,
/// and answers a request whose content type no endpoint takes with a 415 of its own — before authentication and
/// authorization, so a caller without access learned the operation's media types (and got 415, not its 401/403).
/// Every endpoint that takes a body checks the content type itself when it reads it, after those checks: JSON bodies
/// (<see cref="JsonBodyReader"/>), forms and uploads (<c>HasFormContentType</c> before <see cref="FormBody"/>), each
/// with the contract's <c>415 unsupported_media_type</c>. The metadata stays, for the runtime OpenAPI document.
/// </summary>
public static class ContentTypeAfterAuthorization
{
    /// <summary>Removes routing's content-type policy; call after everything that registers routing.</summary>
    public static IServiceCollection RemoveContentTypeRouting(this IServiceCollection services)
    {
        var accepts = services
            .Where(descriptor =>
                descriptor.ServiceType == typeof(MatcherPolicy)
                && descriptor.ImplementationType?.Name == "AcceptsMatcherPolicy"
            )
            .ToList();
        if (accepts.Count == 0)
        {
            throw new InvalidOperationException(
                "Routing's content-type policy (AcceptsMatcherPolicy) was not found to remove."
            );
        }

        accepts.ForEach(descriptor => services.Remove(descriptor));
        return services;
    }
}
