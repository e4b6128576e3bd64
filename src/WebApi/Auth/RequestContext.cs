using System.Diagnostics;
using System.Security.Claims;
using MakCrm.Application.Abstractions.Security;

namespace MakCrm.WebApi.Auth;

/// <summary>
/// The caller and origin of the current request for the audit log; all null outside a request, except the actor of a
/// scope that works on somebody's behalf (<see cref="ActorOverride"/>).
/// </summary>
internal sealed class RequestContext(IHttpContextAccessor accessor, ActorOverride actorOverride) : IRequestContext
{
    private ClaimsPrincipal? User =>
        accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user ? user : null;

    public Guid? UserId =>
        actorOverride.Actor is { } actor ? actor.UserId
        : Guid.TryParse(User?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id
        : null;

    public string? ClientId =>
        actorOverride.Actor is { } actor ? actor.ClientId : User?.FindFirstValue(BearerAuthentication.ClientIdClaim);

    public Guid? OrganizationId =>
        actorOverride.Actor is { } actor ? actor.OrganizationId
        : Guid.TryParse(User?.FindFirstValue(BearerAuthentication.OrganizationClaim), out var id) ? id
        : null;

    public string? UserDisplayName =>
        actorOverride.Actor is null ? User?.FindFirstValue(BearerAuthentication.DisplayNameClaim) : null;

    public string? IpAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public string? UserAgent =>
        accessor.HttpContext?.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent
            ? agent.Length > IRequestContext.MaxUserAgentLength
                ? agent[..IRequestContext.MaxUserAgentLength]
                : agent
            : null;

    public string? TraceId => accessor.HttpContext is null ? null : Activity.Current?.TraceId.ToHexString();
}
